using TorchSharp.Modules;
using Workbench.Seq2Seq;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>
/// The workbench's <see cref="Bridge"/> as a TorchSharp module: a bidirectional encoder's final states to the
/// unidirectional decoder's initial states, layer by layer, h0 = tanh(W_h [h_fwd; h_bwd] + b_h) and for an LSTM
/// c0 = W_c [c_fwd; c_bwd] + b_c. Submodules "h" and (LSTM) "c".
/// </summary>
public sealed class TorchBridge : nn.Module<Tensor, Tensor?, (Tensor H, Tensor? C)>
{
    readonly Linear h;
    readonly Linear? c;

    /// <summary>The structure of <paramref name="source"/> (its weights are copied by the model that owns both).</summary>
    internal TorchBridge(Bridge source) : base(TorchRuntime.Loaded(nameof(TorchBridge)))
    {
        register_module("h", h = nn.Linear(source.H.InFeatures, source.H.OutFeatures));
        if (source.C is not null) register_module("c", c = nn.Linear(source.C.InFeatures, source.C.OutFeatures));
    }

    /// <summary>States h_n (and c_n) [L*2, B, H] of a bidirectional encoder to [L, B, H].</summary>
    public override (Tensor H, Tensor? C) forward(Tensor hn, Tensor? cn) =>
        (h.call(TorchEncoder.ConcatDirections(hn, 2)).tanh(),
         c is not null && cn is not null ? c.call(TorchEncoder.ConcatDirections(cn, 2)) : null);
}
