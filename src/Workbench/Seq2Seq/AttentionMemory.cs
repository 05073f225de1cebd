using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// What attention reads on every decoder step, prepared once per source batch: the encoder outputs
/// (<see cref="Keys"/> [B, T, K], also the values averaged into the context), their projection for the
/// scoring function (<see cref="ScoringKeys"/>, e.g. W_k h for additive attention), and the source padding as
/// an additive bias [B, 1, T] (0 at valid positions, a huge negative number at padding, so padded positions get
/// softmax weight exactly 0).
/// </summary>
public sealed record AttentionMemory(Tensor Keys, Tensor ScoringKeys, Tensor MaskBias, int[] Lengths)
{
    /// <summary>Added to the scores of padded positions; exp of it underflows to exactly 0 in float.</summary>
    public const float MaskedScore = -1e9f;

    public int Batch => Keys.Size(0);
    public int SourceTime => Keys.Size(1);

    /// <summary>The memory of rows <paramref name="rows"/> (repeats allowed), in that order (beam reordering).</summary>
    public AttentionMemory Select(int[] rows) => new(Keys.IndexSelect(0, rows), ScoringKeys.IndexSelect(0, rows),
        MaskBias.IndexSelect(0, rows), rows.Select(r => Lengths[r]).ToArray());

    /// <summary>The padding bias [B, 1, T] for sequences of <paramref name="lengths"/> padded to <paramref name="time"/>.</summary>
    public static Tensor MaskBiasFor(int[] lengths, int time)
    {
        var bias = new float[lengths.Length * time];
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] < 1 || lengths[b] > time)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b], $"attention: source length {lengths[b]} of row {b} is outside 1..{time}.");
            bias.AsSpan(b * time + lengths[b], time - lengths[b]).Fill(MaskedScore);
        }
        return Tensor.FromArray(bias, lengths.Length, 1, time);
    }
}
