using Workbench.Seq2Seq;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>
/// The decoder's state for a batch of rows (or beams), <see cref="Seq2SeqState"/> on torch tensors: hidden states
/// <see cref="H"/> (and LSTM cells <see cref="C"/>) [L, B, H], the input-feeding vector h̃ <see cref="Feed"/> [B, H], the
/// encoder's memory for attention, and the attention weights α of the steps of the last call [B, steps, T_x].
/// </summary>
public sealed record TorchSeq2SeqState(Tensor H, Tensor? C, Tensor? Feed, TorchAttentionMemory? Memory, Tensor? AttentionWeights)
{
    public long BatchSize => H.shape[1];

    /// <summary>The state of rows <paramref name="rows"/> (repeats allowed), in that order.</summary>
    public TorchSeq2SeqState Select(int[] rows)
    {
        using var index = tensor(rows.Select(r => (long)r).ToArray(), ScalarType.Int64, H.device);
        return new(H.index_select(1, index), C?.index_select(1, index), Feed?.index_select(0, index), Memory?.Select(index),
            AttentionWeights?.index_select(0, index));
    }

    /// <summary>Keeps what a decoding step made (states, h̃, α) past the step's dispose scope; the memory is the
    /// source's and outlives every step already.</summary>
    public TorchSeq2SeqState MoveToOuterDisposeScope() => this with
    {
        H = H.MoveToOuterDisposeScope(), C = C?.MoveToOuterDisposeScope(), Feed = Feed?.MoveToOuterDisposeScope(),
        AttentionWeights = AttentionWeights?.MoveToOuterDisposeScope(),
    };
}
