// LSTM cell, one step, in the notes' notation (PyTorch's letters in brackets):
//
//   Γu    = σ(W_ii x<t> + b_ii + W_hi a<t-1> + b_hi)       update gate                [i, PyTorch's input gate]
//   Γf    = σ(W_if x<t> + b_if + W_hf a<t-1> + b_hf)       forget gate                [f]
//   c̃<t>  = tanh(W_ig x<t> + b_ig + W_hg a<t-1> + b_hg)    candidate memory           [g]
//   Γo    = σ(W_io x<t> + b_io + W_ho a<t-1> + b_ho)       output gate                [o]
//   c<t>  = Γu * c̃<t> + Γf * c<t-1>                          memory cell
//   a<t>  = Γo * tanh(c<t>)                                  hidden state

using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>The gates and memory of one LSTM step, each [B, H].</summary>
/// <param name="UpdateGate">Γu (PyTorch's input gate i).</param>
/// <param name="ForgetGate">Γf (f).</param>
/// <param name="Candidate">c̃&lt;t&gt; (g).</param>
/// <param name="OutputGate">Γo (o).</param>
/// <param name="Cell">c&lt;t&gt;, the new memory cell (also the second half of the new state).</param>
public sealed record LSTMGates(Tensor UpdateGate, Tensor ForgetGate, Tensor Candidate, Tensor OutputGate, Tensor Cell);

/// <summary>LSTM cell (torch.nn.LSTMCell), the equations above written with tensor operations.</summary>
public sealed class LSTMCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
    : RecurrentCell(CellKind.Lstm, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x&lt;t&gt; [B, input_size] and (a&lt;t-1&gt;, c&lt;t-1&gt;), each [B, H] (zeros when null), to the new state
    /// (a&lt;t&gt;, c&lt;t&gt;) and the gates.</summary>
    public ((Tensor H, Tensor C) State, LSTMGates Gates) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
    {
        var aPrev = CheckedState(x, state?.H, "h");
        var cPrev = CheckedState(x, state?.C, "c");
        var (xi, hh) = Projections(x, aPrev);
        var gammaU = (Block(xi, 0) + Block(hh, 0)).Sigmoid();
        var gammaF = (Block(xi, 1) + Block(hh, 1)).Sigmoid();
        var candidate = (Block(xi, 2) + Block(hh, 2)).Tanh();
        var gammaO = (Block(xi, 3) + Block(hh, 3)).Sigmoid();
        var c = gammaU * candidate + gammaF * cPrev;
        var a = gammaO * c.Tanh();
        return ((a, c), new LSTMGates(gammaU, gammaF, candidate, gammaO, c));
    }

    /// <summary>A cell holding a copy of the weights of layer <paramref name="layer"/> (and the reverse direction when
    /// <paramref name="reverse"/>) of an <see cref="LSTM"/>, to step through what the layer computes.</summary>
    public static LSTMCell FromLayer(RecurrentLayer source, int layer = 0, bool reverse = false)
    {
        var cell = new LSTMCell(source.InputSizeOf(layer), source.HiddenSize, source.HasBias);
        cell.CopyWeights(source, layer, reverse);
        return cell;
    }
}
