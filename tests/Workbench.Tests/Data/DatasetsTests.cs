using Workbench.Data;
using Workbench.Tokenization;

namespace Workbench.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void UnknownNameListsKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("penn-treebank"));
        Assert.Contains("penn-treebank", e.Message);
        Assert.Contains("moby-dick", e.Message);
        Assert.Contains("bible-en-es", e.Message);
    }

    [Fact]
    public void RootIsFoundByWalkingUpAndBadRootsFailClearly()
    {
        var root = DatasetRoot.Locate();
        Assert.True(File.Exists(Path.Combine(root, "README.md")));
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetRoot.Locate(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid())));
        Assert.Contains("Looked in", e.Message);
    }

    [Fact]
    public void MissingAndMalformedFilesNameTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("datasets").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "README.md"), "test");
            var missing = Assert.Throws<FileNotFoundException>(() => Datasets.Sentiment(root: dir));
            Assert.Contains("amazon.tsv", missing.Message);
            Assert.Contains("fetch.sh", missing.Message);
            Directory.CreateDirectory(Path.Combine(dir, "sentiment"));
            File.WriteAllText(Path.Combine(dir, "sentiment", "amazon.tsv"), "1\tgood\nno tab here\n");
            var bad = Assert.Throws<InvalidDataException>(() => Datasets.Sentiment("amazon", root: dir));
            Assert.Contains("amazon.tsv:2", bad.Message);
            File.WriteAllText(Path.Combine(dir, "sentiment", "amazon.tsv"), "7\tgood\n");
            Assert.Contains("integer in [0, 1]", Assert.Throws<InvalidDataException>(() => Datasets.Sentiment("amazon", root: dir)).Message);
            Assert.Throws<ArgumentException>(() => Datasets.Sentiment("twitter", root: dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MobyDickWordLevel()
    {
        var moby = Datasets.MobyDick(TokenLevel.Word);
        var total = moby.Train.Length + moby.Valid.Length + moby.Test.Length;
        Assert.InRange(total, 230_000, 320_000); // ~208k words plus punctuation, case markers and <eos>
        Assert.InRange(moby.Train.Length, total * 0.7, total * 0.9);
        var vocab = moby.Field.Vocab;
        Assert.True(vocab.Contains("whale") && vocab.Contains("ahab") && vocab.Contains(WordTokenizer.Cap));
        Assert.Contains(vocab.UnkId, moby.Valid); // rare words in unseen chapters
        Assert.Equal(moby.Train, Datasets.MobyDick(TokenLevel.Word).Train);
        Assert.NotEqual(moby.Valid, Datasets.MobyDick(TokenLevel.Word, seed: 1).Valid);
        var window = moby.Stream("train", 4, 35).Windows().First();
        Assert.Equal([4, 35], window.Shape);
    }

    [Fact]
    public void MobyDickCharLevelRoundTrips()
    {
        var moby = Datasets.MobyDick(TokenLevel.Char);
        Assert.InRange(moby.Field.Vocab.Count, 60, 120);
        var text = moby.Field.Decode(moby.Train.Take(400));
        Assert.Contains("CHAPTER", text);
        Assert.Equal(moby.Train.Take(400), moby.Field.Encode(text));
    }

    [Fact]
    public void MobyDickBpe()
    {
        var moby = Datasets.MobyDick(TokenLevel.Bpe, bpeMerges: 300);
        var bpe = Assert.IsType<BpeTokenizer>(moby.Field.Tokenizer);
        Assert.Equal(300, bpe.Merges.Count);
        Assert.Equal(" the", bpe.Merges.Select(m => m.Left + m.Right).First(s => s == " the"));
        Assert.True(moby.Train.Length < 1_000_000); // fewer tokens than characters
    }

    [Fact]
    public void NamesForCharacterGeneration()
    {
        var names = Datasets.Names();
        int n = names.Train.Count + names.Valid.Count + names.Test.Count;
        Assert.InRange(n, 8_000, 4_951 + 3_898); // duplicates across the two lists removed
        foreach (var e in names.Train.Take(50))
        {
            Assert.Equal(names.Source.Vocab.BosId, e.Source[0]);
            Assert.Equal(names.Source.Vocab.EosId, e.Target![^1]);
            Assert.Equal(e.Source[1..], e.Target[..^1]); // target is the input shifted by one
            Assert.Equal(e.Text, names.Target!.Decode(e.Target));
        }
    }

    [Fact]
    public void SentimentSplitsAndLabels()
    {
        var s = Datasets.Sentiment();
        Assert.Equal((2400, 300, 300), (s.Train.Count, s.Valid.Count, s.Test.Count));
        Assert.Equal(1500, s.Train.Concat(s.Valid).Concat(s.Test).Count(e => e.Label == 1));
        Assert.Equal(["negative", "positive"], s.Labels);
        var batch = s.Loader("train", 32).First();
        Assert.Equal(32, batch.Labels!.Length);
        Assert.Equal(s.Train.Select(e => e.Text), Datasets.Sentiment().Train.Select(e => e.Text));
    }

    [Fact]
    public void CmuDictSpellingToPhonemes()
    {
        var d = Datasets.CmuDict();
        Assert.Equal(20_000, d.Train.Count + d.Valid.Count + d.Test.Count);
        var aah = d.Train.Concat(d.Valid).Concat(d.Test).Single(e => e.Text == "aah"); // second line of the file: AAH  AA1
        Assert.Equal("AA1", aah.TargetText);
        foreach (var e in d.Train.Take(100))
        {
            Assert.Equal(e.TargetText, d.Target!.Decode(e.Target!));
            Assert.Equal(e.Text, d.Source.Decode(e.Source));
        }
    }

    [Fact]
    public void BibleVersePairs()
    {
        var b = Datasets.BibleEnEs();
        Assert.Equal(12_141, b.Train.Count + b.Valid.Count + b.Test.Count);
        var all = b.Train.Concat(b.Valid).Concat(b.Test).ToList();
        var gen = all.Single(e => e.Text == "In the beginning God created the heaven and the earth.");
        Assert.Equal("EN el principio crió Dios los cielos y la tierra.", gen.TargetText);
        Assert.Equal(b.Target!.Vocab.BosId, gen.Target![0]);
        var shorter = Datasets.BibleEnEs(maxEnglishWords: 12);
        Assert.InRange(shorter.Train.Count + shorter.Valid.Count + shorter.Test.Count, 2_000, 3_000);
    }

    [Theory]
    [InlineData("dates")]
    [InlineData("numbers-en-de")]
    [InlineData("ner")]
    [InlineData("copy")]
    [InlineData("reverse")]
    [InlineData("agreement")]
    public void SyntheticLoadersAreDeterministic(string name)
    {
        var a = Assert.IsType<SequenceDataset>(Datasets.Load(name, seed: 3));
        var b = Assert.IsType<SequenceDataset>(Datasets.Load(name, seed: 3));
        Assert.Equal(a.Train.Select(e => e.Text + "|" + e.TargetText), b.Train.Select(e => e.Text + "|" + e.TargetText));
        Assert.Equal(a.Source.Vocab.Fingerprint, b.Source.Vocab.Fingerprint);
        Assert.NotEmpty(a.Valid);
        if (a.Target is not null)
            foreach (var e in a.Train.Take(20)) Assert.Equal(e.TargetText, a.Target.Decode(e.Target!));
        if (name == "ner") Assert.All(a.Train.Take(50), e => Assert.Equal(e.Source.Length, e.Target!.Length));
    }
}
