namespace Workbench.Data;

/// <summary>A mini-batch from <see cref="DataLoader"/>: padded sources, padded targets when the examples have them,
/// and labels when they have them. Rows of Source and Target belong to the same examples in the same order.</summary>
public sealed record Batch(SequenceBatch Source, SequenceBatch? Target, int[]? Labels)
{
    public int BatchSize => Source.BatchSize;
    /// <summary>For each row, the example's index in the split (to un-sort predictions).</summary>
    public int[] Indices => Source.Indices;
}
