using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// LSTM cell (torch.nn.LSTMCell). Gate blocks i, f, g, o; in the notes' notation:
/// Γu = σ(i), Γf = σ(f), c̃&lt;t&gt; = tanh(g), Γo = σ(o), each of W_i* x + b_i* + W_h* a&lt;t-1&gt; + b_h*;
/// c&lt;t&gt; = Γu * c̃&lt;t&gt; + Γf * c&lt;t-1&gt;; a&lt;t&gt; = Γo * tanh(c&lt;t&gt;).
/// </summary>
public sealed class LSTMCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
    : RecurrentCell(CellKind.Lstm, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x [B, input_size] and (a&lt;t-1&gt;, c&lt;t-1&gt;), each [B, H] (zeros when null), to (a&lt;t&gt;, c&lt;t&gt;).</summary>
    public (Tensor H, Tensor C) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
    {
        var a = CheckedState(x, state?.H, "h");
        var cPrev = CheckedState(x, state?.C, "c");
        var (xi, hh) = Projections(x, a);
        var gammaU = (Block(xi, 0) + Block(hh, 0)).Sigmoid();
        var gammaF = (Block(xi, 1) + Block(hh, 1)).Sigmoid();
        var candidate = (Block(xi, 2) + Block(hh, 2)).Tanh();
        var gammaO = (Block(xi, 3) + Block(hh, 3)).Sigmoid();
        var c = gammaU * candidate + gammaF * cPrev;
        return (gammaO * c.Tanh(), c);
    }
}
