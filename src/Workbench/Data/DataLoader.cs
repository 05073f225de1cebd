using System.Collections;
using Workbench.Tensors;

namespace Workbench.Data;

/// <summary>
/// Cuts a list of <see cref="SequenceExample"/>s into padded mini-batches (torch.utils.data.DataLoader with a
/// padding collate). Each enumeration is the next epoch; epoch k's order depends only on (seed, k), so a run
/// is reproducible and a resumed run can ask for <see cref="Epoch"/>(k) directly. Within a batch, rows are
/// sorted longest first by source length (what pack_padded_sequence expects) unless sortWithinBatch is false;
/// <see cref="Batch.Indices"/> maps rows back to examples.
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    readonly IReadOnlyList<SequenceExample> examples;
    int epochsStarted;

    public DataLoader(IReadOnlyList<SequenceExample> examples, int batchSize, BatchOrder order = BatchOrder.Shuffle,
        long seed = 0, int padId = 0, bool dropLast = false, bool sortWithinBatch = true, int bucketBatches = 50)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be >= 1.");
        if (bucketBatches < 1) throw new ArgumentOutOfRangeException(nameof(bucketBatches), bucketBatches, "bucketBatches must be >= 1.");
        for (int i = 0; i < examples.Count; i++)
            if (examples[i]?.Source is null) throw new ArgumentException($"Example {i} has no source sequence.", nameof(examples));
        (this.examples, BatchSize, Order, Seed, PadId, DropLast, SortWithinBatch, BucketBatches) =
            (examples, batchSize, order, seed, padId, dropLast, sortWithinBatch, bucketBatches);
    }

    public int BatchSize { get; }
    public BatchOrder Order { get; }
    public long Seed { get; }
    public int PadId { get; }
    public bool DropLast { get; }
    public bool SortWithinBatch { get; }
    public int BucketBatches { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count => DropLast ? examples.Count / BatchSize : (examples.Count + BatchSize - 1) / BatchSize;

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based).</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var lengths = examples.Select(e => e.Source.Length).ToArray();
        var rng = new Generator(unchecked(Seed * 0x5851F42D4C957F2DL + epoch + 1));
        foreach (var rows in Plan(lengths, BatchSize, Order, rng, DropLast, BucketBatches))
            yield return Collate(rows);
    }

    public IEnumerator<Batch> GetEnumerator() => Epoch(epochsStarted++).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    Batch Collate(int[] rows)
    {
        if (SortWithinBatch)
            rows = rows.OrderByDescending(i => examples[i].Source.Length).ThenBy(i => i).ToArray();
        var picked = rows.Select(i => examples[i]).ToList();
        var source = SequenceBatch.Pad(picked.Select(e => e.Source).ToList(), PadId, indices: rows);
        SequenceBatch? target = null;
        if (picked.All(e => e.Target is not null)) target = SequenceBatch.Pad(picked.Select(e => e.Target!).ToList(), PadId, indices: rows);
        else if (picked.Any(e => e.Target is not null))
            throw new InvalidDataException($"Batch mixes examples with and without targets (example {rows[picked.FindIndex(e => e.Target is null)]} has none).");
        int[]? labels = picked.All(e => e.Label >= 0) ? picked.Select(e => e.Label).ToArray() : null;
        return new Batch(source, target, labels);
    }

    /// <summary>
    /// The batch plan: lists of example indices. Sequential and SortByLength use no randomness; Shuffle and
    /// Bucket draw everything from <paramref name="rng"/>. Sorting is stable (ties keep index order).
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> lengths, int batchSize, BatchOrder order, Generator? rng = null,
        bool dropLast = false, int bucketBatches = 50)
    {
        int n = lengths.Count;
        int[] idx = Enumerable.Range(0, n).ToArray();
        Generator Rng() => rng ?? throw new ArgumentException($"BatchOrder.{order} needs a Generator.", nameof(rng));
        switch (order)
        {
            case BatchOrder.Sequential: break;
            case BatchOrder.Shuffle: Rng().Shuffle(idx); break;
            case BatchOrder.SortByLength: idx = idx.OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray(); break;
            case BatchOrder.Bucket:
                Rng().Shuffle(idx);
                int pool = batchSize * bucketBatches;
                idx = idx.Chunk(pool).SelectMany(p => p.OrderByDescending(i => lengths[i]).ThenBy(i => i)).ToArray();
                break;
            default: throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown batch order.");
        }
        var batches = idx.Chunk(batchSize).Where(b => !dropLast || b.Length == batchSize).ToList();
        if (order == BatchOrder.Bucket) Rng().Shuffle(batches);
        return batches;
    }
}
