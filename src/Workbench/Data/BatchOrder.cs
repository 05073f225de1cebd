namespace Workbench.Data;

/// <summary>How <see cref="DataLoader"/> groups examples into batches.</summary>
public enum BatchOrder
{
    /// <summary>Dataset order, no shuffling (evaluation).</summary>
    Sequential,
    /// <summary>A fresh seeded permutation each epoch.</summary>
    Shuffle,
    /// <summary>Sorted by source length, longest first, so each batch holds similar lengths and little padding; no randomness.</summary>
    SortByLength,
    /// <summary>Shuffle, then sort within pools of <see cref="DataLoader.BucketBatches"/> batches by length, cut into batches
    /// and shuffle the batch order: nearly as little padding as sorting, and still random.</summary>
    Bucket,
}
