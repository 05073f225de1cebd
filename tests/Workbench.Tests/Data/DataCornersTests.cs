using System.Text;
using Workbench.Data;
using Workbench.Tensors;
using Workbench.Tokenization;

namespace Workbench.Tests.Data;

/// <summary>
/// Corners of the data layer that the mutation run showed unchecked: the words of each refusal, chunk boundaries in
/// the text reader, the stream layout read back by index, split names, and the pre-shuffle of bucketing.
/// </summary>
public class DataCornersTests : IDisposable
{
    readonly TempFolder temp = new("wb-corners-");
    public void Dispose() => temp.Dispose();

    /// <summary>An exception's own sentence, without the " (Parameter 'x')" and "Actual value was" that .NET appends.</summary>
    static string FirstLine(Exception e)
    {
        string line = e.Message.Split('\n')[0];
        int appended = line.IndexOf(" (Parameter", StringComparison.Ordinal);
        return appended < 0 ? line : line[..appended];
    }

    // ---------------- loader and batches ----------------

    [Fact]
    public void LoaderAndBatchRefusalsSayWhatIsWrong()
    {
        var data = new List<SequenceExample> { new([1, 2]), new([3]) };
        Assert.Equal("batchSize must be >= 1.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, 0))));
        Assert.Equal("bucketBatches must be >= 1.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, 1, bucketBatches: 0))));
        Assert.Equal("Unknown batch order.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => DataLoader.Plan([1, 2], 1, (BatchOrder)9, new Generator(0)))));

        Assert.Throws<ArgumentNullException>(() => new SequenceBatch(null!, 1, 1, [1]));
        Assert.Throws<ArgumentNullException>(() => new SequenceBatch([1], 1, 1, null!));
        Assert.Equal("sequence batch: ids has 3 entries, expected B*T = 2*2.", FirstLine(Assert.Throws<ArgumentException>(() => new SequenceBatch([1, 2, 3], 2, 2, [2, 1]))));
        var batch = SequenceBatch.Pad([[1, 2, 3], [4]]);
        Assert.Equal("sequence batch: steps 2..3 are outside 0..2.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => batch.Steps(2, 2))));
        Assert.Equal("sequence batch: steps -1..0 are outside 0..2.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => batch.Steps(-1, 2))));
        Assert.Throws<ArgumentNullException>(() => SequenceBatch.Pad(null!));
        Assert.Equal("pad: the batch has no sequences.", FirstLine(Assert.Throws<ArgumentException>(() => SequenceBatch.Pad([]))));
        Assert.Equal("sequence batch: row outside [0, 2).", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => batch.Row(2))));
        Assert.Equal("sequence batch: time step outside [0, 3).", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => batch.Step(3))));
        Assert.Equal("Need valid >= 0, test >= 0 and valid + test < 1; got 0.5 and 0.5.",
            FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => Split.Random([1, 2, 3], 0.5, 0.5))));
    }

    [Fact]
    public void BucketsArePooledAfterAShuffleNotFromConsecutiveExamples()
    {
        // Lengths 1..40 in order; pools of 4 (2 batches of 2). Without the shuffle before pooling, every batch would
        // hold two of the same 4 consecutive examples.
        int[] lengths = Enumerable.Range(1, 40).ToArray();
        var plan = DataLoader.Plan(lengths, 2, BatchOrder.Bucket, new Generator(3), bucketBatches: 2);
        Assert.Equal(Enumerable.Range(0, 40), plan.SelectMany(b => b).Order());
        Assert.Contains(plan, b => b[0] / 4 != b[1] / 4);
    }

    // ---------------- language-model streams ----------------

    [Fact]
    public void StreamRowsAndStepsReadTheLayoutBackByIndex()
    {
        int[] ids = Enumerable.Range(100, 31).ToArray();   // 31 tokens, 3 rows of 10, one dropped
        var stream = new LanguageModelStream(ids, 3, 4);
        for (int b = 0; b < 3; b++)
            for (int j = 0; j < 10; j++) Assert.Equal(100 + b * 10 + j, stream[b, j]);
        int start = 0;
        foreach (var w in stream.Windows())
        {
            for (int t = 0; t < w.Length; t++)
                Assert.Equal(Enumerable.Range(0, 3).Select(b => 100 + b * 10 + start + t), w.Step(t));
            start += w.Length;
        }
        Assert.Equal(9, start);
        Assert.Throws<ArgumentNullException>(() => new LanguageModelStream(null!, 1, 1));
        Assert.Equal("batchSize must be >= 1.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => new LanguageModelStream(ids, 0, 4))));
        Assert.Equal("bptt must be >= 1.", FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => new LanguageModelStream(ids, 3, 0))));
    }

    static TextField CharField(string text) => Datasets.FieldBuilder(TokenLevel.Char)([text]);

    [Fact]
    public void ADatasetPicksItsSplitsByNameAndChecksItsBoundary()
    {
        var field = CharField("ab\n");
        int[] train = [4, 4, 4, 4], valid = [5, 4, 5, 4], test = [4, 4, 5, 5];   // two rows of two: windows start [x0, x2]
        var d = new LanguageModelDataset("toy", "a toy", field, train, valid, test);
        Assert.Equal(field.Vocab["\n"], d.Boundary);                                   // the line end when there is one
        Assert.Equal(field.Vocab.EosId, LanguageModelDataset.BoundaryOf(CharField("ab")));
        Assert.Equal(field.Vocab["\n"], LanguageModelDataset.BoundaryOf(field));
        foreach (var (name, expected) in new[] { ("train", train), ("valid", valid), ("validation", valid), ("test", test) })
            Assert.Equal([expected[0], expected[2]], d.Stream(name, 2, 1).Windows().First().Inputs);
        Assert.Equal("Unknown split 'dev'; use \"train\", \"valid\" or \"test\".", FirstLine(Assert.Throws<ArgumentException>(() => d.Stream("dev", 2, 1))));

        Assert.Equal(0, new LanguageModelDataset("toy", "", field, train, valid, test, boundary: 0).Boundary);
        Assert.Equal(field.Vocab.Count - 1, new LanguageModelDataset("toy", "", field, train, valid, test, boundary: field.Vocab.Count - 1).Boundary);
        foreach (int bad in new[] { -1, field.Vocab.Count })
            Assert.Equal($"toy: the boundary token id must be in the vocabulary [0, {field.Vocab.Count}).",
                FirstLine(Assert.Throws<ArgumentOutOfRangeException>(() => new LanguageModelDataset("toy", "", field, train, valid, test, boundary: bad))));
        Assert.Equal($"toy: a toy\n  tokens: train 4, valid 4, test 4; vocabulary {field.Vocab.Count} (char)", d.ToString());
    }

    [Fact]
    public void LinesBecomeAStreamNamedAfterTheirDataset()
    {
        var field = CharField("abc");
        SequenceExample Ex(string? text) => new(field.Encode(text ?? "a"), Text: text);
        var lines = new SequenceDataset("names", "some names", field, null, null,
            new Splits<SequenceExample>([Ex("ab"), Ex("c")], [Ex("b")], [Ex("ca")]));
        var d = LanguageModelDataset.FromLines(lines);
        Assert.Equal(("names-lines", "some names, one per line ending in <eos>"), (d.Name, d.Description));
        Assert.Equal([.. field.Encode("ab", addEos: true), .. field.Encode("c", addEos: true)], d.Train);
        Assert.Equal(field.Encode("ca", addEos: true), d.Test);
        Assert.Equal(field.Vocab.EosId, d.Boundary);
        Assert.Throws<ArgumentNullException>(() => LanguageModelDataset.FromLines(null!));
        foreach (var (split, make) in new (string, Func<Splits<SequenceExample>>)[]
        {
            ("train", () => new([Ex("a"), Ex(null)], [Ex("b")], [Ex("c")])),
            ("valid", () => new([Ex("a")], [Ex(null)], [Ex("c")])),
            ("test", () => new([Ex("a")], [Ex("b")], [Ex(null)])),
        })
        {
            var bad = new SequenceDataset("names", "", field, null, null, make());
            Assert.StartsWith($"names: {split} example {(split == "train" ? 1 : 0)} has no text to read as a line.",
                Assert.Throws<ArgumentException>(() => LanguageModelDataset.FromLines(bad)).Message);
        }
    }

    [Fact]
    public void IdBufferKeepsEveryIdAcrossChunksAndEmptiesItself()
    {
        var buffer = new IdBuffer();
        var expected = new List<int>();
        var g = new Generator(4);
        foreach (int n in new[] { 3, (1 << 20) - 5, 7, 1 << 20, 1, (1 << 21) + 9 })   // fills, straddles and spans chunks
        {
            var ids = Enumerable.Range(0, n).Select(_ => g.NextInt(1000)).ToArray();
            buffer.Add(ids);
            expected.AddRange(ids);
        }
        Assert.Equal(expected.Count, buffer.Count);
        Assert.True(expected.SequenceEqual(buffer.ToArray("test")));
        Assert.Empty(new IdBuffer().ToArray("empty"));
    }

    // ---------------- text files ----------------

    const int Chunk = 1 << 16;

    [Fact]
    public void LineEndsAndMarksOnAChunkBoundaryAreReadAsTheyWouldBeAnywhereElse()
    {
        // A CRLF whose CR ends the first 64 KiB chunk and whose LF starts the second: one line end, not two.
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(new string('a', Chunk - 1)));
        bytes.AddRange("\r\nnext\n"u8.ToArray());
        var lines = TextFile.ReadLines(temp.WriteBytes("crlf.txt", [.. bytes])).ToList();
        Assert.Equal([new string('a', Chunk - 1), "next"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2L], lines.Select(l => l.Number));
        Assert.Equal(Chunk + 1, lines[1].ByteOffset);

        // A lone CR ending the chunk, then text: a line end, and the next line starts with the second chunk.
        bytes = [.. Encoding.ASCII.GetBytes(new string('b', Chunk - 1)), (byte)'\r', .. "more\r\nlast"u8.ToArray()];
        lines = TextFile.ReadLines(temp.WriteBytes("cr.txt", [.. bytes])).ToList();
        Assert.Equal([new string('b', Chunk - 1), "more", "last"], lines.Select(l => l.Text));
        Assert.Equal([0L, Chunk, Chunk + 6L], lines.Select(l => l.ByteOffset));

        // EF BB BF at the start of the second chunk is a character (U+FEFF) inside the text, not a byte-order mark.
        bytes = [.. Encoding.ASCII.GetBytes(new string('c', Chunk - 1) + "\n"), 0xEF, 0xBB, 0xBF, .. "x\n"u8.ToArray()];
        lines = TextFile.ReadLines(temp.WriteBytes("feff.txt", [.. bytes])).ToList();
        Assert.Equal("\uFEFFx", lines[1].Text);

        // An LF opening the second chunk after ordinary text ends the line there (only a CR before it would pair with it).
        bytes = [.. Encoding.ASCII.GetBytes(new string('d', Chunk)), .. "\nnext\n"u8.ToArray()];
        lines = TextFile.ReadLines(temp.WriteBytes("lf.txt", [.. bytes])).ToList();
        Assert.Equal([new string('d', Chunk), "next"], lines.Select(l => l.Text));

        // A file that opens with a line end has an empty first line: numbers and offsets count it.
        lines = TextFile.ReadLines(temp.WriteBytes("leading.txt", "\nabc\n"u8.ToArray())).ToList();
        Assert.Equal(["", "abc"], lines.Select(l => l.Text));
        Assert.Equal([(1L, 0L), (2L, 1L)], lines.Select(l => (l.Number, l.ByteOffset)));

        // A three-byte file that is not a byte-order mark is text.
        Assert.Equal(["ab"], TextFile.ReadLines(temp.WriteBytes("three.txt", "ab\n"u8.ToArray())).Select(l => l.Text));
        Assert.Throws<ArgumentNullException>(() => TextFile.RequireNonEmpty(null!));
        var missing = Path.Combine(temp.Folder, "missing.txt");
        Assert.Equal($"Data file not found: {missing}", Assert.Throws<FileNotFoundException>(() => TextFile.RequireNonEmpty(missing)).Message);
    }

    // ---------------- committed dataset files and the datasets folder ----------------

    string Root(params (string Relative, string Text)[] files)
    {
        var root = Path.Combine(temp.Folder, "root-" + Guid.NewGuid().ToString("N")[..8]);
        temp.WriteBytes(Path.Combine(root, "README.md"), "datasets"u8.ToArray());
        foreach (var (relative, text) in files) temp.WriteBytes(Path.Combine(root, relative), Encoding.UTF8.GetBytes(text));
        return root;
    }

    [Fact]
    public void DatasetFilesNameTheFileAndTheProblem()
    {
        var root = Root(("a/empty.txt", ""), ("a/blank.tsv", "\n\n"), ("a/blank.txt", "  \n\t\n"), ("a/rows.tsv", "x\ty\n\nz\tw\n"),
            ("a/gap.tsv", "x\t\n"), ("a/long.tsv", new string('q', 90) + "\n"), ("a/names.txt", " Ann \n\nBo\n"));
        Assert.StartsWith($"Dataset file is empty: {Path.Combine(root, "a/empty.txt")}.", Assert.Throws<InvalidDataException>(() => DatasetFiles.ReadText(root, "a/empty.txt")).Message);
        Assert.StartsWith($"Dataset file has no rows: {Path.Combine(root, "a/blank.tsv")}.", Assert.Throws<InvalidDataException>(() => DatasetFiles.ReadTsv(root, "a/blank.tsv", 2)).Message);
        Assert.StartsWith($"Dataset file has no lines: {Path.Combine(root, "a/blank.txt")}.", Assert.Throws<InvalidDataException>(() => DatasetFiles.ReadLines(root, "a/blank.txt")).Message);
        Assert.Equal([["x", "y"], ["z", "w"]], DatasetFiles.ReadTsv(root, "a/rows.tsv", 2));   // blank lines skipped
        Assert.Equal(["Ann", "Bo"], DatasetFiles.ReadLines(root, "a/names.txt"));
        Assert.Contains(":1: expected 2 non-empty tab-separated fields, found 2: \"x\t\"", Assert.Throws<InvalidDataException>(() => DatasetFiles.ReadTsv(root, "a/gap.tsv", 2)).Message);
        Assert.Contains($"found 1: \"{new string('q', 77)}...\"", Assert.Throws<InvalidDataException>(() => DatasetFiles.ReadTsv(root, "a/long.tsv", 2)).Message);
        Assert.Contains($"found 1: \"{new string('q', 80)}\"", Assert.Throws<InvalidDataException>(() =>
            DatasetFiles.ReadTsv(Root(("b.tsv", new string('q', 80) + "\n")), "b.tsv", 2)).Message);
        Assert.Equal(1, DatasetFiles.ParseInt("1", "f", 3, 0, 1));
        Assert.Equal(0, DatasetFiles.ParseInt("0", "f", 3, 0, 1));
        foreach (var bad in new[] { "2", "-1", "x", " 1" })
            Assert.StartsWith($"f row 3: expected an integer in [0, 1], found \"{bad}\".", Assert.Throws<InvalidDataException>(() => DatasetFiles.ParseInt(bad, "f", 3, 0, 1)).Message);
    }

    [Fact]
    public void TheDatasetsFolderIsTheRootOrTheFolderInsideItAndAMissOnesWhereItLooked()
    {
        var root = Root();
        Assert.Equal(root, DatasetRoot.Locate(root));
        var parent = Path.Combine(temp.Folder, "parent");
        temp.WriteBytes(Path.Combine(parent, "README.md"), "a repository's own README"u8.ToArray());
        Directory.Move(root, Path.Combine(parent, "datasets"));
        Assert.Equal(Path.Combine(parent, "datasets"), DatasetRoot.Locate(parent));
        var nowhere = Path.Combine(temp.Folder, "nowhere");
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetRoot.Locate(nowhere));
        Assert.Equal("Could not find the datasets folder (a 'datasets' directory containing README.md). Pass root: \"path/to/datasets\" " +
            $"or set WORKBENCH_DATASETS. Looked in:\n  {Path.Combine(nowhere, "datasets")} (from the root argument)\n  {nowhere} (from the root argument)", e.Message);
    }

    [Fact]
    public void ADataFileIsNamedSizedAndHashed()
    {
        var path = temp.WriteBytes("abc.txt", "abc"u8.ToArray());
        var file = DataFile.Describe(path);
        // SHA-256("abc"), the FIPS 180-2 test vector.
        Assert.Equal(new DataFile("abc.txt", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), file);
        Assert.Equal("abc.txt (3 bytes, sha256 ba7816bf8f01…)", file.ToString());
        var missing = Path.Combine(temp.Folder, "none.txt");
        Assert.Equal($"Data file not found: {missing}", Assert.Throws<FileNotFoundException>(() => DataFile.Describe(missing)).Message);
    }

    [Fact]
    public void ASequenceDatasetSummarisesItsSplitsVocabulariesAndLabels()
    {
        var items = Enumerable.Range(0, 20).Select(i => (Text: $"w{i % 5}", Tag: $"t{i % 3}")).ToList();
        var paired = Datasets.Build("toy", "pairs", items, 1, x => x.Text, Datasets.SpaceFieldBuilder(), x => x.Tag, Datasets.SpaceFieldBuilder());
        Assert.Equal($"toy: pairs\n  examples: train 16, valid 2, test 2; source vocabulary {paired.Source.Vocab.Count} (space); target vocabulary {paired.Target!.Vocab.Count} (space)",
            paired.ToString());
        var labelled = Datasets.Build("toy", "labels", items, 1, x => x.Text, Datasets.SpaceFieldBuilder(), label: x => x.Text == "w0" ? 1 : 0, labels: ["other", "w0"]);
        Assert.Equal($"toy: labels\n  examples: train 16, valid 2, test 2; source vocabulary {labelled.Source.Vocab.Count} (space); labels other, w0", labelled.ToString());
    }

    [Fact]
    public void AQuotedCsvFieldKeepsABlankLineInside()
    {
        var path = temp.WriteBytes("blank-inside.csv", "\"first\n\nthird\",x\ny,z\n"u8.ToArray());
        Assert.Equal([["first\n\nthird", "x"], ["y", "z"]], DelimitedFile.Read(path, PairsFormat.Auto).Select(r => r.Fields));
    }

    // ---------------- fields stored in checkpoints ----------------

    [Fact]
    public void AFieldFromCheckpointMetadataNamesTheMissingOrBrokenEntry()
    {
        var field = CharField("abc");
        var metadata = field.ToMetadata("src.");
        Assert.Equal(field.Vocab.Fingerprint, TextField.FromMetadata(metadata, "src.").Vocab.Fingerprint);
        Assert.Throws<ArgumentNullException>(() => TextField.FromMetadata(null!));
        Assert.Equal("Checkpoint metadata has no 'tokenizer' entry; it was saved without its text field.",
            Assert.Throws<InvalidDataException>(() => TextField.FromMetadata(metadata)).Message);
        var badTokenizer = new Dictionary<string, string>(metadata) { ["src.tokenizer"] = "[]" };
        Assert.StartsWith("src.tokenizer: ", Assert.Throws<InvalidDataException>(() => TextField.FromMetadata(badTokenizer, "src.")).Message);
        var badVocabulary = new Dictionary<string, string>(metadata) { ["src.vocabulary"] = "{}" };
        Assert.StartsWith("src.vocabulary: ", Assert.Throws<InvalidDataException>(() => TextField.FromMetadata(badVocabulary, "src.")).Message);
    }
}

/// <summary>The datasets folder named by the environment variable. Not run in parallel with anything: the variable is
/// process-wide and every loader reads it.</summary>
[CollectionDefinition(nameof(DatasetRootEnvironment), DisableParallelization = true)]
public class DatasetRootEnvironment;

[Collection(nameof(DatasetRootEnvironment))]
public class DatasetRootEnvironmentTests
{
    [Fact]
    public void TheEnvironmentVariableNamesTheFolderOrSaysItWasLookedIn()
    {
        string? before = Environment.GetEnvironmentVariable(DatasetRoot.EnvironmentVariable);
        var good = DatasetRoot.Locate();
        var bad = Path.Combine(Path.GetTempPath(), "wb-no-datasets-" + Guid.NewGuid().ToString("N"));
        try
        {
            Environment.SetEnvironmentVariable(DatasetRoot.EnvironmentVariable, Path.GetDirectoryName(good));
            Assert.Equal(good, DatasetRoot.Locate());
            Environment.SetEnvironmentVariable(DatasetRoot.EnvironmentVariable, bad);
            var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetRoot.Locate());
            Assert.EndsWith($"Looked in:\n  {Path.Combine(bad, "datasets")} (from $WORKBENCH_DATASETS)\n  {bad} (from $WORKBENCH_DATASETS)", e.Message);
            Assert.Equal(good, DatasetRoot.Locate(good));   // an explicit root wins over the variable
        }
        finally { Environment.SetEnvironmentVariable(DatasetRoot.EnvironmentVariable, before); }
    }
}
