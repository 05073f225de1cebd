using System.Security.Cryptography;
using System.Text;
using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

public class VocabularyTests
{
    static readonly string[][] Corpus = [["b", "a", "b", "c"], ["b", "a", "d", "e"]]; // b:3 a:2 c:1 d:1 e:1

    [Fact]
    public void SpecialsFirstThenByFrequencyThenOrdinal()
    {
        var v = Vocabulary.Build(Corpus);
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "b", "a", "c", "d", "e"], v.Tokens);
        Assert.Equal((0, 1, 2, 3), (v.PadId, v.UnkId, v.BosId, v.EosId));
    }

    [Fact]
    public void MinFrequencyAndMaxSize()
    {
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "b", "a"], Vocabulary.Build(Corpus, minFrequency: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "b"], Vocabulary.Build(Corpus, maxSize: 5).Tokens);
        Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Corpus, maxSize: 3));
    }

    [Fact]
    public void EncodeDecodeAndUnknownRule()
    {
        var v = Vocabulary.Build(Corpus, minFrequency: 2);
        Assert.Equal([2, 4, 5, 1, 3], v.Encode(["b", "a", "zebra"], addBos: true, addEos: true));
        Assert.Equal(["b", "a", "<unk>"], v.Decode([2, 4, 5, 1, 3, 0, 0], skipSpecials: true));
        Assert.Equal(["<bos>", "b"], v.Decode([2, 4, 3, 5], stopAtEos: true));
        var e = Assert.Throws<KeyNotFoundException>(() => v.Encode(["b", "zebra"], unknown: UnknownTokens.Throw));
        Assert.Contains("'zebra'", e.Message);
        Assert.Contains("position 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.TokenOf(99));
    }

    [Fact]
    public void OneHotRows()
    {
        var v = Vocabulary.Build(Corpus);
        var oh = v.OneHot([4, 0]);
        Assert.Equal([2, 9], oh.Shape);
        var expected = new float[18];
        expected[4] = 1; expected[9 + 0] = 1;
        Assert.Equal(expected, oh.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => v.OneHot([9]));
    }

    [Fact]
    public void FingerprintIsSha256OfTheDocumentedEncoding()
    {
        var v = Vocabulary.Build(Corpus);
        // Independent reference: length-prefixed UTF-16LE tokens, hashed with SHA256.HashData.
        var bytes = new List<byte>();
        foreach (var t in v.Tokens)
        {
            bytes.AddRange(BitConverter.GetBytes(t.Length));
            bytes.AddRange(Encoding.Unicode.GetBytes(t));
        }
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes.ToArray())).ToLowerInvariant(), v.Fingerprint);
        var reordered = new Vocabulary(["<pad>", "<unk>", "<bos>", "<eos>", "a", "b", "c", "d", "e"]);
        Assert.NotEqual(v.Fingerprint, reordered.Fingerprint);
        var e = Assert.Throws<InvalidOperationException>(() => reordered.EnsureFingerprint(v.Fingerprint));
        Assert.Contains("mismatch", e.Message);
        v.EnsureFingerprint(v.Fingerprint.ToUpperInvariant());
    }

    [Fact]
    public void SaveLoadKeepsTokensAndDetectsTampering()
    {
        var v = Vocabulary.Build([["whale", "ship", "whale", "Ahab", "\U0001F40B"]], extraSpecials: ["<cap>"]);
        var dir = Directory.CreateTempSubdirectory("vocab").FullName;
        try
        {
            var path = Path.Combine(dir, "v.json");
            v.Save(path);
            Assert.Single(Directory.GetFiles(dir)); // no temp file left behind
            var loaded = Vocabulary.Load(path);
            Assert.Equal(v.Tokens, loaded.Tokens);
            Assert.Equal(v.Fingerprint, loaded.Fingerprint);
            Assert.Equal(5, loaded.SpecialCount);
            File.WriteAllText(path, File.ReadAllText(path).Replace("ship", "boat"));
            var e = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));
            Assert.Contains("fingerprint", e.Message);
            Assert.Throws<FileNotFoundException>(() => Vocabulary.Load(Path.Combine(dir, "missing.json")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RejectsVocabulariesWithoutTheSpecialsOrWithDuplicates()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(["a", "b"]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(["<pad>", "<unk>", "<bos>", "<eos>", "a", "a"]));
    }
}

public class VocabularyJsonEdgeTests
{
    [Fact]
    public void TokensWithLoneSurrogatesSurviveSaveAndLoad()
    {
        var v = Vocabulary.Build([new CharTokenizer().Tokenize("a\uD800b\U0001F600")]);
        var path = Path.Combine(Path.GetTempPath(), $"v-{Guid.NewGuid():N}.json");
        try
        {
            v.Save(path);
            Assert.Equal(v.Tokens, Vocabulary.Load(path).Tokens);
        }
        finally { File.Delete(path); }
    }
}
