using Workbench.Tensors;

namespace Workbench.Data;

/// <summary>
/// Variable-length sequences padded into one row-major [B, T] id matrix, batch-first like PyTorch's
/// pad_sequence(batch_first=True). <see cref="Lengths"/> holds each row's true length, <see cref="Mask"/> is 1
/// on real positions and 0 on padding, and <see cref="Indices"/> maps each row back to its example's index in
/// the dataset (rows may be sorted by length, longest first, as pack_padded_sequence expects).
/// </summary>
public sealed class SequenceBatch
{
    public SequenceBatch(int[] ids, int batchSize, int length, int[] lengths, int[] indices, int padId)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length != batchSize * length)
            throw new ArgumentException($"ids has {ids.Length} entries, expected B*T = {batchSize}*{length}.", nameof(ids));
        if (lengths.Length != batchSize || indices.Length != batchSize)
            throw new ArgumentException($"lengths ({lengths.Length}) and indices ({indices.Length}) must both have B = {batchSize} entries.");
        for (int b = 0; b < batchSize; b++)
            if (lengths[b] < 0 || lengths[b] > length)
                throw new ArgumentException($"lengths[{b}] = {lengths[b]} is outside [0, {length}].", nameof(lengths));
        (Ids, BatchSize, Length, Lengths, Indices, PadId) = (ids, batchSize, length, lengths, indices, padId);
    }

    /// <summary>Row-major [B, T] token ids; padding positions hold <see cref="PadId"/>.</summary>
    public int[] Ids { get; }
    public int BatchSize { get; }
    /// <summary>T, the padded length (the longest row).</summary>
    public int Length { get; }
    public int[] Lengths { get; }
    /// <summary>For each row, the index of its example in the source list (use it to un-sort outputs).</summary>
    public int[] Indices { get; }
    public int PadId { get; }
    public int[] Shape => [BatchSize, Length];

    /// <summary>The id at row b, time step t.</summary>
    public int this[int b, int t] => Ids[CheckRow(b) * Length + CheckStep(t)];

    /// <summary>True (unpadded) ids of row b.</summary>
    public int[] Row(int b) => Ids.AsSpan(CheckRow(b) * Length, Lengths[b]).ToArray();

    /// <summary>The ids of all rows at time step t (length B): what a recurrent cell reads at step t.</summary>
    public int[] Step(int t)
    {
        CheckStep(t);
        var step = new int[BatchSize];
        for (int b = 0; b < BatchSize; b++) step[b] = Ids[b * Length + t];
        return step;
    }

    /// <summary>Whether position (b, t) is a real token rather than padding.</summary>
    public bool IsReal(int b, int t) => CheckStep(t) < Lengths[CheckRow(b)];

    /// <summary>[B, T] float mask, 1 on real tokens and 0 on padding (built on each call).</summary>
    public Tensor Mask
    {
        get
        {
            var m = new float[BatchSize * Length];
            for (int b = 0; b < BatchSize; b++) m.AsSpan(b * Length, Lengths[b]).Fill(1f);
            return Tensor.FromArray(m, BatchSize, Length);
        }
    }

    /// <summary>Number of real (non-pad) tokens in the batch.</summary>
    public int TokenCount => Lengths.Sum();

    /// <summary>Pads sequences into a batch, keeping their order. <paramref name="indices"/> default to 0..B-1.</summary>
    public static SequenceBatch Pad(IReadOnlyList<int[]> sequences, int padId = 0, IReadOnlyList<int>? indices = null, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("Cannot pad an empty list of sequences.", nameof(sequences));
        int b = sequences.Count;
        var lengths = new int[b];
        for (int i = 0; i < b; i++)
            lengths[i] = (sequences[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences))).Length;
        int t = length ?? lengths.Max();
        if (lengths.Max() > t) throw new ArgumentException($"A sequence of length {lengths.Max()} does not fit the requested length {t}.");
        var ids = new int[b * t];
        Array.Fill(ids, padId);
        for (int i = 0; i < b; i++) sequences[i].CopyTo(ids, i * t);
        var idx = indices?.ToArray() ?? Enumerable.Range(0, b).ToArray();
        return new SequenceBatch(ids, b, t, lengths, idx, padId);
    }

    int CheckRow(int b) => (uint)b < (uint)BatchSize ? b : throw new ArgumentOutOfRangeException(nameof(b), b, $"Row outside [0, {BatchSize}).");
    int CheckStep(int t) => (uint)t < (uint)Length ? t : throw new ArgumentOutOfRangeException(nameof(t), t, $"Time step outside [0, {Length}).");

    public override string ToString() => $"SequenceBatch([{BatchSize}, {Length}], lengths [{string.Join(", ", Lengths)}])";
}
