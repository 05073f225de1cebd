using Workbench.Data;

namespace Workbench.Tests.Data;

public class SequenceBatchTests
{
    [Fact]
    public void PadsToLongestWithLengthsAndMask()
    {
        var batch = SequenceBatch.Pad([[1, 2, 3], [4], [5, 6]], padId: 0);
        Assert.Equal([3, 3], batch.Shape);
        Assert.Equal([1, 2, 3, 4, 0, 0, 5, 6, 0], batch.Ids);
        Assert.Equal([3, 1, 2], batch.Lengths);
        Assert.Equal([0, 1, 2], batch.Indices);
        Assert.Equal([3, 3], batch.Mask.Shape);
        Assert.Equal([1f, 1, 1, 1, 0, 0, 1, 1, 0], batch.Mask.ToArray());
        Assert.Equal([4], batch.Row(1));
        Assert.Equal([2, 0, 6], batch.Step(1));
        Assert.Equal(6, batch.TokenCount);
        Assert.False(batch.IsReal(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch[3, 0]);
    }

    [Fact]
    public void PadsWithAnAppendedEndTokenAndToARequestedLength()
    {
        var batch = SequenceBatch.Pad([[5, 6], [], [7]], padId: 9, append: 3, indices: [4, 0, 2], length: 4);
        Assert.Equal([5, 6, 3, 9, 3, 9, 9, 9, 7, 3, 9, 9], batch.Ids);
        Assert.Equal([3, 1, 2], batch.Lengths);
        Assert.Equal([4, 0, 2], batch.Indices);
        Assert.Equal(9, batch.PadId);
        Assert.Equal([[5, 6, 3], [3], [7, 3]], batch.Rows());
    }

    [Fact]
    public void ReversesValidPartsAndReplacesPaddingAndCutsWindowsOfSteps()
    {
        var batch = SequenceBatch.Pad([[1, 2, 3], [4, 5], [6]], padId: 0, indices: [7, 8, 9]);
        var reversed = batch.ReverseValid();
        Assert.Equal([3, 2, 1, 5, 4, 0, 6, 0, 0], reversed.Ids);
        Assert.Equal(batch.Lengths, reversed.Lengths);
        Assert.Equal([7, 8, 9], reversed.Indices);
        Assert.Equal([1, 2, 3], batch.Row(0));                    // the original is untouched
        Assert.Equal([1, 2, 3, 4, 5, -100, 6, -100, -100], batch.IdsWithPadding(-100));

        var window = batch.Steps(1, 2);
        Assert.Equal([3, 2], window.Shape);
        Assert.Equal([2, 3, 5, 0, 0, 0], window.Ids);
        Assert.Equal([2, 1, 0], window.Lengths);                  // row 2 ended before the window
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Steps(2, 2));

        var step = SequenceBatch.OneStep([4, 5]);
        Assert.Equal([2, 1], step.Shape);
        Assert.Equal([1, 1], step.Lengths);
        Assert.Equal([4, 5], step.Step(0));
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => SequenceBatch.Pad([]));
        var tooLong = Assert.Throws<ArgumentException>(() => SequenceBatch.Pad([[1], [1, 2, 3]], length: 2));
        Assert.Contains("sequence 1 has 3 tokens", tooLong.Message);
        Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2, 3], 2, 2, [2, 1]));
        var e = Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2, 3, 4], 2, 2, [2, 3]));
        Assert.Contains("lengths[1] = 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => SequenceBatch.Pad([[1], null!]));
        Assert.Contains("sequence 1 is null", e.Message);
    }
}

public class DataLoaderTests
{
    static List<SequenceExample> Examples(params int[] lengths) =>
        lengths.Select((n, i) => new SequenceExample(Enumerable.Repeat(i + 10, n).ToArray(), Label: i % 2)).ToList();

    [Fact]
    public void SortByLengthPlanIsLongestFirstStable()
    {
        var plan = DataLoader.Plan([2, 5, 3, 5], 2, BatchOrder.SortByLength);
        Assert.Equal([[1, 3], [2, 0]], plan);
        Assert.Equal([[0, 1], [2]], DataLoader.Plan([1, 1, 1], 2, BatchOrder.Sequential));
        Assert.Equal([[0, 1]], DataLoader.Plan([1, 1, 1], 2, BatchOrder.Sequential, dropLast: true));
    }

    [Fact]
    public void BatchRowsAreSortedAndIndicesMapBack()
    {
        var data = Examples(2, 4, 1, 3);
        var batch = new DataLoader(data, batchSize: 4, order: BatchOrder.Sequential).Epoch(0).Single();
        Assert.Equal([1, 3, 0, 2], batch.Indices);
        Assert.Equal([4, 3, 2, 1], batch.Source.Lengths);
        Assert.Equal([1, 1, 0, 0], batch.Labels!);
        for (int b = 0; b < 4; b++) Assert.Equal(data[batch.Indices[b]].Source, batch.Source.Row(b));
        Assert.Null(batch.Target);
    }

    [Theory]
    [InlineData(BatchOrder.Shuffle)]
    [InlineData(BatchOrder.Bucket)]
    public void EpochsAreSeededPermutations(BatchOrder order)
    {
        var gen = new Workbench.Tensors.Generator(3);
        var data = Examples(Enumerable.Range(0, 103).Select(_ => 1 + gen.NextInt(40)).ToArray());
        var a = new DataLoader(data, 8, order, seed: 42, bucketBatches: 4);
        var b = new DataLoader(data, 8, order, seed: 42, bucketBatches: 4);
        var e0 = a.Epoch(0).Select(x => x.Indices).ToList();
        Assert.Equal(e0, b.Epoch(0).Select(x => x.Indices).ToList());
        Assert.Equal(e0, a.Select(x => x.Indices).ToList());                  // first enumeration is epoch 0
        Assert.Equal(a.Epoch(1).Select(x => x.Indices), a.Select(x => x.Indices)); // second is epoch 1
        Assert.NotEqual(e0, a.Epoch(1).Select(x => x.Indices).ToList());
        Assert.NotEqual(e0, new DataLoader(data, 8, order, seed: 43, bucketBatches: 4).Epoch(0).Select(x => x.Indices).ToList());
        Assert.Equal(Enumerable.Range(0, 103), e0.SelectMany(i => i).Order());
        Assert.Equal(13, a.Count);
    }

    [Fact]
    public void BucketingPadsLessThanShuffling()
    {
        var gen = new Workbench.Tensors.Generator(5);
        var data = Examples(Enumerable.Range(0, 400).Select(_ => 1 + gen.NextInt(60)).ToArray());
        int Padded(BatchOrder o) => new DataLoader(data, 16, o, seed: 1, bucketBatches: 10).Epoch(0).Sum(b => b.Source.Ids.Length - b.Source.TokenCount);
        Assert.True(Padded(BatchOrder.Bucket) * 3 < Padded(BatchOrder.Shuffle), $"bucket {Padded(BatchOrder.Bucket)} vs shuffle {Padded(BatchOrder.Shuffle)}");
    }

    [Fact]
    public void TargetsArePaddedAlongsideSources()
    {
        var data = new List<SequenceExample> { new([5, 6], [2, 7, 3]), new([5, 6, 6, 6], [2, 3]) };
        var batch = new DataLoader(data, 2, BatchOrder.Sequential).Epoch(0).Single();
        Assert.Equal([1, 0], batch.Indices);
        Assert.Equal([2, 3, 0, 2, 7, 3], batch.Target!.Ids);
        Assert.Equal([2, 3], batch.Target.Lengths);
    }
}

public class LanguageModelStreamTests
{
    [Fact]
    public void CutsStreamIntoRowsAndShiftedWindows()
    {
        var lm = new LanguageModelStream(Enumerable.Range(0, 21).ToArray(), batchSize: 2, bptt: 4);
        // 21 tokens / 2 rows = 10 per row (token 20 dropped); windows over 9 input steps: 4, 4, 1.
        Assert.Equal(10, lm.ColumnCount);
        Assert.Equal(3, lm.Count);
        var w = lm.Windows().ToList();
        Assert.Equal([0, 1, 2, 3, 10, 11, 12, 13], w[0].Inputs);
        Assert.Equal([1, 2, 3, 4, 11, 12, 13, 14], w[0].Targets);
        Assert.Equal([4, 5, 6, 7, 14, 15, 16, 17], w[1].Inputs);
        Assert.Equal([8, 18], w[2].Inputs);
        Assert.Equal([9, 19], w[2].Targets);
        Assert.Equal([2, 1], w[2].Shape);
        Assert.Throws<ArgumentException>(() => new LanguageModelStream([1, 2, 3], 2, 4));
    }
}

public class SplitTests
{
    [Fact]
    public void SplitsArePartitionsFixedBySeed()
    {
        var items = Enumerable.Range(0, 1000).ToList();
        var a = Split.Random(items, 0.1, 0.1, seed: 7);
        var b = Split.Random(items, 0.1, 0.1, seed: 7);
        Assert.Equal((800, 100, 100), (a.Train.Count, a.Valid.Count, a.Test.Count));
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Valid, b.Valid);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(items, a.Train.Concat(a.Valid).Concat(a.Test).Order());
        Assert.NotEqual(a.Valid, Split.Random(items, 0.1, 0.1, seed: 8).Valid);
        Assert.Throws<ArgumentOutOfRangeException>(() => Split.Random(items, 0.6, 0.5));
    }

    [Fact]
    public void SplitDependsOnlyOnSeedNotOnRunOrEarlierRandomness()
    {
        var items = Enumerable.Range(0, 50).ToList();
        var first = Split.Random(items, 0.2, 0.2, seed: 1);
        Workbench.Tensors.Generator.ManualSeed(999).NextInt(10); // unrelated global randomness
        Assert.Equal(first.Test, Split.Random(items, 0.2, 0.2, seed: 1).Test);
    }
}

public class TextFieldTests
{
    [Fact]
    public void FieldTravelsInCheckpointMetadataAndFilesAndRefusesAnotherVocabulary()
    {
        var field = Datasets.FieldBuilder(TokenLevel.Bpe, bpeMerges: 10)(["the whale and the whaler", "the sea"]);
        var meta = field.ToMetadata("target/");
        Assert.Equal(field.Vocab.Fingerprint, meta["target/" + Workbench.Checkpoints.Checkpoint.FingerprintKey]);
        var back = TextField.FromMetadata(meta, "target/");
        Assert.Equal(field.Encode("the whales"), back.Encode("the whales"));
        Assert.Throws<InvalidDataException>(() => TextField.FromMetadata(meta));
        meta["target/" + Workbench.Checkpoints.Checkpoint.FingerprintKey] = new string('0', 64);
        Assert.Throws<InvalidOperationException>(() => TextField.FromMetadata(meta, "target/"));

        var dir = Directory.CreateTempSubdirectory("field").FullName;
        try
        {
            field.Save(Path.Combine(dir, "src"));
            var loaded = TextField.Load(Path.Combine(dir, "src"));
            Assert.Equal(field.Vocab.Fingerprint, loaded.Vocab.Fingerprint);
            Assert.Equal("the whales", loaded.Decode(loaded.Encode("the whales")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
