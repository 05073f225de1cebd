using Workbench.Tensors;

namespace Workbench.Data;

/// <summary>
/// Variable-length token sequences padded into one row-major [B, T] id matrix, batch-first like PyTorch's
/// pad_sequence(batch_first=True): each row's valid tokens first, <see cref="PadId"/> after them. This is the one
/// batch type of the library: the data loader makes it, and the recurrent layers (through <see cref="Lengths"/>,
/// which keeps padding out of states and gradients), the seq2seq encoder and decoder and the heads read it.
/// <see cref="Mask"/> is 1 on real positions and 0 on padding, and <see cref="Indices"/> maps each row back to its
/// example's index in the dataset (the loader may sort rows by length, longest first, as pack_padded_sequence expects).
/// </summary>
public sealed class SequenceBatch
{
    /// <param name="ids">Row-major [B, T] ids, padding positions holding <paramref name="padId"/>.</param>
    /// <param name="batchSize">B, the number of rows.</param>
    /// <param name="length">T, the padded length.</param>
    /// <param name="lengths">Each row's number of real tokens, 0..T.</param>
    /// <param name="padId">The id at padded positions.</param>
    /// <param name="indices">Each row's example index (null: 0..B-1).</param>
    public SequenceBatch(int[] ids, int batchSize, int length, int[] lengths, int padId = 0, int[]? indices = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(lengths);
        if (batchSize < 0 || length < 0 || ids.Length != (long)batchSize * length)
            throw new ArgumentException($"sequence batch: ids has {ids.Length} entries, expected B*T = {batchSize}*{length}.", nameof(ids));
        indices ??= Enumerable.Range(0, batchSize).ToArray();
        if (lengths.Length != batchSize || indices.Length != batchSize)
            throw new ArgumentException($"sequence batch: lengths ({lengths.Length}) and indices ({indices.Length}) must both have B = {batchSize} entries.");
        for (int b = 0; b < batchSize; b++)
            if (lengths[b] < 0 || lengths[b] > length)
                throw new ArgumentException($"sequence batch: lengths[{b}] = {lengths[b]} is outside [0, {length}].", nameof(lengths));
        (Ids, BatchSize, Length, Lengths, PadId, Indices) = (ids, batchSize, length, lengths, padId, indices);
    }

    /// <summary>Row-major [B, T] token ids; padding positions hold <see cref="PadId"/>.</summary>
    public int[] Ids { get; }
    /// <summary>B, the number of sequences.</summary>
    public int BatchSize { get; }
    /// <summary>T, the padded length (the longest row, unless padded further).</summary>
    public int Length { get; }
    /// <summary>Each row's number of real tokens.</summary>
    public int[] Lengths { get; }
    /// <summary>For each row, the index of its example in the source list (use it to un-sort outputs).</summary>
    public int[] Indices { get; }
    public int PadId { get; }
    public int[] Shape => [BatchSize, Length];

    /// <summary>The id at row b, time step t.</summary>
    public int this[int b, int t] => Ids[CheckRow(b) * Length + CheckStep(t)];

    /// <summary>True (unpadded) ids of row b.</summary>
    public int[] Row(int b) => Ids.AsSpan(CheckRow(b) * Length, Lengths[b]).ToArray();

    /// <summary>The true ids of every row, in row order (e.g. per-token targets for a tagger's loss).</summary>
    public int[][] Rows() => Enumerable.Range(0, BatchSize).Select(Row).ToArray();

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

    /// <summary>Each row's valid part reversed in place of itself, padding left at the end (Sutskever et al.,
    /// 2014: reading the source backwards puts its first words next to the first target words).</summary>
    public SequenceBatch ReverseValid()
    {
        var ids = (int[])Ids.Clone();
        for (int b = 0; b < BatchSize; b++) Array.Reverse(ids, b * Length, Lengths[b]);
        return new SequenceBatch(ids, BatchSize, Length, Lengths, PadId, Indices);
    }

    /// <summary>The ids with every padded position replaced by <paramref name="value"/> (e.g. a loss's ignore index).</summary>
    public int[] IdsWithPadding(int value)
    {
        var ids = (int[])Ids.Clone();
        for (int b = 0; b < BatchSize; b++) ids.AsSpan(b * Length + Lengths[b], Length - Lengths[b]).Fill(value);
        return ids;
    }

    /// <summary>Steps <paramref name="start"/> .. start + count - 1 of every row (a decoder reads a target in such
    /// blocks); each row's length is what is left of it in that window, 0 when it ended earlier.</summary>
    public SequenceBatch Steps(int start, int count)
    {
        if (start < 0 || count < 1 || start + count > Length)
            throw new ArgumentOutOfRangeException(nameof(count), $"sequence batch: steps {start}..{start + count - 1} are outside 0..{Length - 1}.");
        var ids = new int[BatchSize * count];
        var lengths = new int[BatchSize];
        for (int b = 0; b < BatchSize; b++)
        {
            Array.Copy(Ids, b * Length + start, ids, b * count, count);
            lengths[b] = Math.Clamp(Lengths[b] - start, 0, count);
        }
        return new SequenceBatch(ids, BatchSize, count, lengths, PadId, Indices);
    }

    /// <summary>One token per row, T = 1: the input of one decoding step.</summary>
    public static SequenceBatch OneStep(int[] tokens, int padId = 0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new SequenceBatch((int[])tokens.Clone(), tokens.Length, 1, Enumerable.Repeat(1, tokens.Length).ToArray(), padId);
    }

    /// <summary>
    /// Pads <paramref name="sequences"/> into a batch, keeping their order. <paramref name="append"/> (e.g. an
    /// end-of-sequence id) is added to every sequence first; <paramref name="length"/> pads to that many steps
    /// instead of the longest sequence; <paramref name="indices"/> (the rows' example indices) default to 0..B-1.
    /// </summary>
    public static SequenceBatch Pad(IReadOnlyList<int[]> sequences, int padId = 0, int? append = null,
        IReadOnlyList<int>? indices = null, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("pad: the batch has no sequences.", nameof(sequences));
        int b = sequences.Count, extra = append is null ? 0 : 1;
        var lengths = new int[b];
        for (int i = 0; i < b; i++)
            lengths[i] = (sequences[i] ?? throw new ArgumentException($"pad: sequence {i} is null.", nameof(sequences))).Length + extra;
        int t = length ?? lengths.Max();
        if (lengths.Max() > t)
            throw new ArgumentException($"pad: sequence {Array.IndexOf(lengths, lengths.Max())} has {lengths.Max()} tokens, more than the requested length {t}.", nameof(length));
        var ids = new int[b * t];
        Array.Fill(ids, padId);
        for (int i = 0; i < b; i++)
        {
            sequences[i].CopyTo(ids, i * t);
            if (append is int a) ids[i * t + lengths[i] - 1] = a;
        }
        return new SequenceBatch(ids, b, t, lengths, padId, indices?.ToArray());
    }

    int CheckRow(int b) => (uint)b < (uint)BatchSize ? b : throw new ArgumentOutOfRangeException(nameof(b), b, $"sequence batch: row outside [0, {BatchSize}).");
    int CheckStep(int t) => (uint)t < (uint)Length ? t : throw new ArgumentOutOfRangeException(nameof(t), t, $"sequence batch: time step outside [0, {Length}).");

    public override string ToString() => $"SequenceBatch([{BatchSize}, {Length}], lengths [{string.Join(", ", Lengths)}])";
}
