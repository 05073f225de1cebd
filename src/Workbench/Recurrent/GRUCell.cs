// GRU cell, one step, in the notes' notation (PyTorch's letters in brackets; for a GRU the notes' memory c<t> is a<t>):
//
//   Γr    = σ(W_ir x<t> + b_ir + W_hr a<t-1> + b_hr)              reset (relevance) gate         [r]
//   z     = σ(W_iz x<t> + b_iz + W_hz a<t-1> + b_hz)              PyTorch's update gate          [z],  Γu = 1 - z
//   c̃<t>  = tanh(W_in x<t> + b_in + Γr * (W_hn a<t-1> + b_hn))    candidate                      [n]
//   a<t>  = Γu * c̃<t> + (1 - Γu) * a<t-1>  =  (1 - z) * c̃<t> + z * a<t-1>
//
// Two differences from the notes' textbook form, both PyTorch's (docs/recurrent-notation.md): Γr multiplies
// W_hn a<t-1> + b_hn rather than a<t-1> before the product, and PyTorch's z keeps the old state where Γu takes the new one.
//
// The simplified GRU of the notes (resetGate: false) has the update gate only: Γr is fixed to 1, so the candidate
// always sees the whole old state, c̃<t> = tanh(W_in x<t> + b_in + W_hn a<t-1> + b_hn). Its weights hold two
// blocks, z and n, in that order (PyTorch's layout without the r block).

using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>The gates of one GRU step, each [B, H].</summary>
/// <param name="ResetGate">Γr (PyTorch's r); all ones in the simplified GRU.</param>
/// <param name="Z">PyTorch's update gate z, the share of the old state a&lt;t-1&gt; kept.</param>
/// <param name="Candidate">c̃&lt;t&gt; (PyTorch's n).</param>
public sealed record GRUGates(Tensor ResetGate, Tensor Z, Tensor Candidate)
{
    /// <summary>The notes' update gate Γu = 1 - z, the share of the candidate taken.</summary>
    public Tensor UpdateGate => 1f - Z;
}

/// <summary>GRU cell (torch.nn.GRUCell), the equations above written with tensor operations.</summary>
/// <param name="resetGate">false: the notes' simplified GRU, update gate only (Γr = 1; weights [2*H, ...], blocks z, n).</param>
public sealed class GRUCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null, bool resetGate = true)
    : RecurrentCell(CellKind.Gru, inputSize, hiddenSize, bias, generator, resetGate ? 3 : 2)
{
    /// <summary>False for the simplified GRU, whose Γr is fixed to 1.</summary>
    public bool HasResetGate { get; } = resetGate;

    /// <summary>x&lt;t&gt; [B, input_size] and a&lt;t-1&gt; [B, H] (zeros when null) to a&lt;t&gt; [B, H] and the gates.</summary>
    public (Tensor H, GRUGates Gates) Forward(Tensor x, Tensor? h = null)
    {
        var aPrev = CheckedState(x, h, "h");
        var (xi, hh) = Projections(x, aPrev);
        int k = HasResetGate ? 1 : 0;                     // the z block: after r, or first when there is no r
        var gammaR = HasResetGate ? (Block(xi, 0) + Block(hh, 0)).Sigmoid() : Tensor.Ones(aPrev.Shape);
        var z = (Block(xi, k) + Block(hh, k)).Sigmoid();
        var candidate = HasResetGate
            ? (Block(xi, 2) + gammaR * Block(hh, 2)).Tanh()
            : (Block(xi, 1) + Block(hh, 1)).Tanh();        // Γr = 1: nothing to multiply
        var a = candidate + z * (aPrev - candidate);      // (1 - z) c̃<t> + z a<t-1>
        return (a, new GRUGates(gammaR, z, candidate));
    }

    /// <summary>A cell holding a copy of the weights of layer <paramref name="layer"/> (and the reverse direction when
    /// <paramref name="reverse"/>) of a <see cref="GRU"/>, to step through what the layer computes.</summary>
    public static GRUCell FromLayer(RecurrentLayer source, int layer = 0, bool reverse = false)
    {
        var cell = new GRUCell(source.InputSizeOf(layer), source.HiddenSize, source.HasBias);
        cell.CopyWeights(source, layer, reverse);
        return cell;
    }

    protected override string ExtraRepr() => base.ExtraRepr() + (HasResetGate ? "" : ", reset_gate=False");
}
