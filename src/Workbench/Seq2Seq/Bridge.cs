using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// Turns a bidirectional encoder's final states into the unidirectional decoder's initial states, layer by
/// layer: h0 = tanh(W_h [h_fwd; h_bwd] + b_h), which keeps h0 in the range of a tanh-bounded hidden state, and
/// for an LSTM c0 = W_c [c_fwd; c_bwd] + b_c, left linear because memory cells are not bounded. A learned map
/// (rather than a sum of the two directions) lets the decoder weigh what each direction saw.
/// Submodules "h" and (LSTM) "c".
/// </summary>
public sealed class Bridge : Module<Tensor, Tensor?, (Tensor H, Tensor? C)>
{
    public Linear H { get; }
    public Linear? C { get; }

    public Bridge(int hiddenSize, bool cellState, Generator? generator = null)
    {
        H = RegisterModule("h", new Linear(2 * hiddenSize, hiddenSize, generator: generator));
        if (cellState) C = RegisterModule("c", new Linear(2 * hiddenSize, hiddenSize, generator: generator));
    }

    /// <summary>States h_n (and c_n) [L*2, B, H] of a bidirectional encoder to [L, B, H].</summary>
    public override (Tensor H, Tensor? C) Forward(Tensor hn, Tensor? cn)
    {
        var h = H.Forward(Encoder.ConcatDirections(hn, 2)).Tanh();
        var c = C is not null && cn is not null ? C.Forward(Encoder.ConcatDirections(cn, 2)) : null;
        return (h, c);
    }
}
