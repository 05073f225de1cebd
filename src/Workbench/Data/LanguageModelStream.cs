namespace Workbench.Data;

/// <summary>One truncated-BPTT window: inputs [B, T] and the next-token targets [B, T] (inputs shifted by one).</summary>
public sealed record LanguageModelBatch(int[] Inputs, int[] Targets, int BatchSize, int Length)
{
    public int[] Shape => [BatchSize, Length];
    /// <summary>Input ids of all B streams at step t.</summary>
    public int[] Step(int t) => Enumerable.Range(0, BatchSize).Select(b => Inputs[b * Length + t]).ToArray();
}

/// <summary>
/// A token stream laid out for truncated backpropagation through time, as in PyTorch's word_language_model
/// example: the stream is cut into B equal contiguous parts (the tail that does not divide evenly is dropped),
/// part b becomes row b, and windows of T steps are read left to right. Row b of window k+1 continues row b of
/// window k, so the hidden state can be carried across windows (detached). No padding is ever needed.
/// </summary>
public sealed class LanguageModelStream
{
    readonly int[] rows; // [B, N] row-major

    public LanguageModelStream(IReadOnlyList<int> stream, int batchSize, int bptt)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be >= 1.");
        if (bptt < 1) throw new ArgumentOutOfRangeException(nameof(bptt), bptt, "bptt must be >= 1.");
        int perRow = stream.Count / batchSize;
        if (perRow < 2)
            throw new ArgumentException($"A stream of {stream.Count} tokens is too short for {batchSize} rows (each row needs at least 2 tokens).", nameof(stream));
        (BatchSize, Bptt, ColumnCount) = (batchSize, bptt, perRow);
        rows = new int[batchSize * perRow];
        for (int b = 0; b < batchSize; b++)
            for (int j = 0; j < perRow; j++) rows[b * perRow + j] = stream[b * perRow + j];
    }

    public int BatchSize { get; }
    public int Bptt { get; }
    /// <summary>Tokens per row after trimming.</summary>
    public int ColumnCount { get; }
    /// <summary>Windows per pass: ceil((N - 1) / T); the last one may be shorter than T.</summary>
    public int Count => (ColumnCount - 1 + Bptt - 1) / Bptt;

    /// <summary>Row b, column j of the [B, N] layout.</summary>
    public int this[int b, int j] => rows[b * ColumnCount + j];

    public IEnumerable<LanguageModelBatch> Windows()
    {
        for (int start = 0; start < ColumnCount - 1; start += Bptt)
        {
            int t = Math.Min(Bptt, ColumnCount - 1 - start);
            var inputs = new int[BatchSize * t];
            var targets = new int[BatchSize * t];
            for (int b = 0; b < BatchSize; b++)
            {
                Array.Copy(rows, b * ColumnCount + start, inputs, b * t, t);
                Array.Copy(rows, b * ColumnCount + start + 1, targets, b * t, t);
            }
            yield return new LanguageModelBatch(inputs, targets, BatchSize, t);
        }
    }
}
