using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// The decoder's state for a batch of rows (or beams), what <see cref="RecurrentDecoder.Forward"/> takes and returns:
/// hidden states <see cref="H"/> (and LSTM cells <see cref="C"/>) [L, B, H], the input-feeding vector h̃ <see cref="Feed"/>
/// [B, H], the encoder's memory for attention, and the attention weights α of the steps of the last call
/// [B, steps, T_x] (for drawing alignments).
/// </summary>
public sealed record Seq2SeqState(Tensor H, Tensor? C, Tensor? Feed, AttentionMemory? Memory, Tensor? AttentionWeights)
{
    /// <summary>Number of rows.</summary>
    public int BatchSize => H.Size(1);

    /// <summary>The state of rows <paramref name="rows"/> (repeats allowed), in that order.</summary>
    public Seq2SeqState Select(int[] rows) => new(H.IndexSelect(1, rows), C?.IndexSelect(1, rows), Feed?.IndexSelect(0, rows),
        Memory?.Select(rows), AttentionWeights?.IndexSelect(0, rows));
}
