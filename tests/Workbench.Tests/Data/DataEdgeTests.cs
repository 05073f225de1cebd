using Workbench.Data;
using Workbench.Tensors;

namespace Workbench.Tests.Data;

/// <summary>The edges of the batching types: each guard at its boundary with the setting named, and the cases the
/// worked examples do not reach (mutation testing, issue 20).</summary>
public class DataEdgeTests
{
    static void Refused(string param, Action act) =>
        Assert.Equal(param, Assert.Throws<ArgumentOutOfRangeException>(act).ParamName);

    static List<SequenceExample> Examples(params int[] lengths) =>
        lengths.Select((n, i) => new SequenceExample(Enumerable.Repeat(i + 10, n).ToArray(), Label: i)).ToList();

    [Fact]
    public void Data_loader_refuses_a_batch_size_or_bucket_count_below_one_and_an_example_without_source()
    {
        var data = Examples(1, 2, 3);
        Refused("batchSize", () => new DataLoader(data, 0));
        Refused("bucketBatches", () => new DataLoader(data, 1, bucketBatches: 0));
        Assert.Equal(3, new DataLoader(data, 1, bucketBatches: 1).Count);
        var e = Assert.Throws<ArgumentException>(() => new DataLoader([.. data, new SequenceExample(null!)], 2));
        Assert.Equal("examples", e.ParamName);
        Assert.Contains("Example 3 has no source", e.Message);
        Assert.Throws<ArgumentNullException>(() => new DataLoader(null!, 2));
    }

    [Fact]
    public void Count_rounds_up_unless_the_last_partial_batch_is_dropped()
    {
        var seven = Examples(1, 1, 1, 1, 1, 1, 1);
        Assert.Equal(4, new DataLoader(seven, 2).Count);
        Assert.Equal(3, new DataLoader(seven, 2, dropLast: true).Count);
        Assert.Equal(3, new DataLoader(seven, 2, dropLast: true).Epoch(0).Count());
        Assert.Equal(4, new DataLoader(seven, 2).Epoch(0).Count());
        Assert.Equal(1, new DataLoader(seven, 7, dropLast: true).Count);
        var loader = new DataLoader(seven, 3, BatchOrder.Sequential, padId: 9, dropLast: false, sortWithinBatch: false, bucketBatches: 5, seed: 4);
        Assert.Equal((3, BatchOrder.Sequential, 9, false, false, 5, 4L),
            (loader.BatchSize, loader.Order, loader.PadId, loader.DropLast, loader.SortWithinBatch, loader.BucketBatches, loader.Seed));
    }

    [Fact]
    public void Rows_keep_their_order_when_sorting_within_the_batch_is_off_and_padding_uses_the_pad_id()
    {
        var data = Examples(1, 3, 2);
        var batch = new DataLoader(data, 3, BatchOrder.Sequential, padId: 7, sortWithinBatch: false).Epoch(0).Single();
        Assert.Equal([0, 1, 2], batch.Indices);
        Assert.Equal([10, 7, 7, 11, 11, 11, 12, 12, 7], batch.Source.Ids);
        Assert.Equal(7, batch.Source.PadId);
        Assert.Equal([0, 1, 2], batch.Labels!);
        Assert.Equal(3, batch.BatchSize);
        // Equal lengths sort by index (stable), so the order does not depend on the sort's stability.
        var tied = new DataLoader(Examples(2, 3, 2, 3), 4, BatchOrder.Sequential).Epoch(0).Single();
        Assert.Equal([1, 3, 0, 2], tied.Indices);
    }

    [Fact]
    public void A_batch_mixing_examples_with_and_without_targets_or_labels_is_refused_or_unlabelled()
    {
        var mixed = new List<SequenceExample> { new([1, 2], [3]), new([1], null) };
        var e = Assert.Throws<InvalidDataException>(() => new DataLoader(mixed, 2, BatchOrder.Sequential).Epoch(0).ToList());
        Assert.Contains("example 1 has none", e.Message);
        var reversed = new List<SequenceExample> { new([1], null), new([1, 2], [3]) };
        e = Assert.Throws<InvalidDataException>(() => new DataLoader(reversed, 2, BatchOrder.Sequential, sortWithinBatch: false).Epoch(0).ToList());
        Assert.Contains("example 0 has none", e.Message);
        e = Assert.Throws<InvalidDataException>(() => new DataLoader(reversed, 2, BatchOrder.Sequential).Epoch(0).ToList());
        Assert.Contains("example 0 has none", e.Message);   // sorted: row 1 holds example 0
        // One example without a label: the batch has no labels (not a -1 among them).
        var partly = new List<SequenceExample> { new([1], Label: 2), new([1], Label: -1) };
        Assert.Null(new DataLoader(partly, 2, BatchOrder.Sequential).Epoch(0).Single().Labels);
        var zero = new List<SequenceExample> { new([1], Label: 0), new([1, 1], Label: 0) };
        Assert.Equal([0, 0], new DataLoader(zero, 2, BatchOrder.Sequential).Epoch(0).Single().Labels!);
    }

    [Fact]
    public void Random_orders_need_a_generator_and_an_unknown_order_is_refused()
    {
        foreach (var order in new[] { BatchOrder.Shuffle, BatchOrder.Bucket })
        {
            var e = Assert.Throws<ArgumentException>(() => DataLoader.Plan([1, 2], 1, order));
            Assert.Equal("rng", e.ParamName);
            Assert.Contains($"BatchOrder.{order} needs a Generator", e.Message);
        }
        Refused("order", () => DataLoader.Plan([1, 2], 1, (BatchOrder)99, new Generator(1)));
        Assert.Equal([[0], [1]], DataLoader.Plan([1, 2], 1, BatchOrder.Sequential));
        Assert.Equal([[1], [0]], DataLoader.Plan([1, 2], 1, BatchOrder.SortByLength));
    }

    [Fact]
    public void Buckets_sort_by_length_within_each_pool_and_the_batch_order_is_shuffled()
    {
        var gen = new Generator(8);
        int[] lengths = Enumerable.Range(0, 60).Select(_ => 1 + gen.NextInt(30)).ToArray();
        var plan = DataLoader.Plan(lengths, 4, BatchOrder.Bucket, new Generator(2), bucketBatches: 3);
        Assert.Equal(15, plan.Count);
        Assert.Equal(Enumerable.Range(0, 60), plan.SelectMany(b => b).Order());
        // Within a batch, longest first (ties by index); pools of 12 examples make 3 batches each.
        foreach (var b in plan)
            for (int i = 1; i < b.Length; i++)
                Assert.True(lengths[b[i - 1]] > lengths[b[i]] || (lengths[b[i - 1]] == lengths[b[i]] && b[i - 1] < b[i]));
        // The batches are shuffled: not in pool order (longest-first batch of each pool followed by the next).
        var firsts = plan.Select(b => lengths[b[0]]).ToArray();
        var unshuffled = DataLoader.Plan(lengths, 4, BatchOrder.Bucket, new Generator(2), bucketBatches: 1);
        Assert.NotEqual(plan.Select(b => b.ToArray()), unshuffled.Select(b => b.ToArray()));
        Assert.Equal(plan.Select(b => b.ToArray()), DataLoader.Plan(lengths, 4, BatchOrder.Bucket, new Generator(2), bucketBatches: 3).Select(b => b.ToArray()));
        Assert.False(Enumerable.Range(0, 5).All(p => firsts[3 * p] >= firsts[3 * p + 1] && firsts[3 * p + 1] >= firsts[3 * p + 2]));
    }

    [Fact]
    public void Sequence_batch_accessors_check_rows_and_steps()
    {
        var batch = SequenceBatch.Pad([[4, 5, 6], [7]], padId: 1);
        Assert.Equal(7, batch[1, 0]);
        Assert.Equal(1, batch[1, 2]);
        Refused("b", () => _ = batch[2, 0]);
        Refused("b", () => _ = batch[-1, 0]);
        Refused("t", () => _ = batch[0, 3]);
        Refused("t", () => _ = batch[0, -1]);
        Refused("t", () => batch.Step(3));
        Refused("b", () => batch.Row(2));
        Assert.True(batch.IsReal(0, 2));
        Assert.True(batch.IsReal(1, 0));
        Assert.False(batch.IsReal(1, 1));
        Refused("t", () => batch.IsReal(0, 3));
        Refused("b", () => batch.IsReal(2, 0));
        Assert.Equal([[4, 5, 6], [7]], batch.Rows());
        Assert.Equal([2, 3], batch.Shape);
        Assert.Equal(4, batch.TokenCount);
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 0f], batch.Mask.ToArray());
        Assert.Equal([2, 3], batch.Mask.Shape);
        Assert.Equal("SequenceBatch([2, 3], lengths [3, 1])", batch.ToString());
        var one = SequenceBatch.OneStep([3, 8], padId: 2);
        Assert.Equal([3, 8], one.Ids);
        Assert.Equal((2, 1, 2), (one.BatchSize, one.Length, one.PadId));
        Assert.Equal([1, 1], one.Lengths);
        Assert.Throws<ArgumentNullException>(() => SequenceBatch.OneStep(null!));
    }

    [Fact]
    public void Sequence_batch_refuses_inconsistent_sizes_and_windows_outside_it()
    {
        Assert.Equal("ids", Assert.Throws<ArgumentException>(() => new SequenceBatch([], -1, 0, [])).ParamName);
        Assert.Equal("ids", Assert.Throws<ArgumentException>(() => new SequenceBatch([], 0, -1, [])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2], 2, 1, [1, 1], indices: [0]));
        Assert.Contains("indices (1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2], 2, 1, [1]));
        Assert.Contains("lengths (1)", e.Message);
        Assert.Equal("lengths", Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2], 2, 1, [1, -1])).ParamName);
        var empty = new SequenceBatch([], 0, 0, []);
        Assert.Equal(0, empty.TokenCount);
        var ok = new SequenceBatch([1, 2], 2, 1, [0, 1]);
        Assert.Equal([0, 1], ok.Indices);

        var batch = SequenceBatch.Pad([[4, 5, 6], [7]]);
        Refused("count", () => batch.Steps(-1, 1));
        Refused("count", () => batch.Steps(0, 0));
        Refused("count", () => batch.Steps(2, 2));
        var last = batch.Steps(2, 1);
        Assert.Equal([6, 0], last.Ids);
        Assert.Equal([1, 0], last.Lengths);
        var all = batch.Steps(0, 3);
        Assert.Equal(batch.Ids, all.Ids);
        Assert.Equal(batch.Lengths, all.Lengths);
    }

    [Fact]
    public void Language_model_stream_refuses_bad_sizes_and_needs_two_tokens_per_row()
    {
        Refused("batchSize", () => new LanguageModelStream([1, 2, 3, 4], 0, 2));
        Refused("bptt", () => new LanguageModelStream([1, 2, 3, 4], 1, 0));
        var e = Assert.Throws<ArgumentException>(() => new LanguageModelStream([1, 2, 3], 2, 1));
        Assert.Contains("3 tokens is too short for 2 rows", e.Message);
        var lm = new LanguageModelStream([1, 2, 3, 4], 2, 1);
        Assert.Equal(2, lm.ColumnCount);
        Assert.Equal(1, lm.Count);
        Assert.Equal(3, lm[1, 0]);
        var w = lm.Windows().Single();
        Assert.Equal([1, 3], w.Step(0));
        Assert.Equal([2, 4], w.Targets);
        // Windows exactly dividing the inputs: N - 1 = 6 steps in windows of 3.
        var exact = new LanguageModelStream(Enumerable.Range(0, 7).ToArray(), 1, 3);
        Assert.Equal(2, exact.Count);
        Assert.Equal(2, exact.Windows().Count());
        Assert.All(exact.Windows(), x => Assert.Equal(3, x.Length));
    }

    [Fact]
    public void Split_fractions_are_checked_at_their_edges()
    {
        var items = Enumerable.Range(0, 10).ToList();
        Refused("validFraction", () => Split.Random(items, -0.01, 0.1));
        Refused("validFraction", () => Split.Random(items, 0.1, -0.01));
        Refused("validFraction", () => Split.Random(items, 0.5, 0.5));
        var none = Split.Random(items, 0, 0, seed: 3);
        Assert.Equal(10, none.Train.Count);
        Assert.Empty(none.Valid);
        var most = Split.Random(items, 0.45, 0.45, seed: 3);   // round(4.5) = 4 each (banker's rounding), 2 left
        Assert.Equal((2, 4, 4), (most.Train.Count, most.Valid.Count, most.Test.Count));
        Assert.Equal("train 2, valid 4, test 4", most.ToString());
        Assert.Throws<ArgumentNullException>(() => Split.Random<int>(null!));
    }
}
