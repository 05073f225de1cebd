using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// The decoding state of a batch of rows (beams): decoder hidden states <see cref="H"/> (and LSTM cells
/// <see cref="C"/>) [L, B, H], the input-feeding vector <see cref="Feed"/> [B, H], the encoder's memory for
/// attention, and the attention weights of the last step [B, Ts] (for drawing alignments).
/// </summary>
public sealed record Seq2SeqState(Tensor H, Tensor? C, Tensor? Feed, AttentionMemory? Memory, Tensor? Attention)
{
    /// <summary>The state of rows <paramref name="rows"/> (repeats allowed), in that order.</summary>
    public Seq2SeqState Select(int[] rows) => new(H.IndexSelect(1, rows), C?.IndexSelect(1, rows), Feed?.IndexSelect(0, rows),
        Memory?.Select(rows), Attention?.IndexSelect(0, rows));
}
