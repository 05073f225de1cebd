using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

public class BpeTokenizerTests
{
    // Worked by hand on "aaabdaaabac" (the textbook example). Pair counts (overlaps count):
    // 1) aa:4 ab:2 bd:1 da:1 ba:1 ac:1 -> merge (a,a): aa a b d aa a b a c
    // 2) (aa,a):2 (a,b):2 tie -> ordinal-smaller left symbol "a" wins -> (a,b): aa ab d aa ab a c
    // 3) (aa,ab):2 -> aaab d aaab a c
    // 4) all pairs occur once: (a,c) has the smallest left symbol -> aaab d aaab ac
    [Fact]
    public void LearnsHandWorkedMerges()
    {
        var bpe = BpeTokenizer.Train(["aaabdaaabac"], numMerges: 4, minPairCount: 1);
        Assert.Equal([("a", "a"), ("a", "b"), ("aa", "ab"), ("a", "c")], bpe.Merges);
        Assert.Equal(["a", "b", "c", "d"], bpe.Alphabet);
        Assert.Equal(["aaab", "d", "aaab", "ac"], bpe.Tokenize("aaabdaaabac"));
        Assert.Equal(["ab", "ac"], bpe.Tokenize("abac")); // rank 1 (a,b) then rank 3 (a,c)
    }

    [Fact]
    public void StopsWhenNoPairIsFrequentEnough()
    {
        var bpe = BpeTokenizer.Train(["aaabdaaabac"], numMerges: 100, minPairCount: 2);
        Assert.Equal([("a", "a"), ("a", "b"), ("aa", "ab")], bpe.Merges);
    }

    // "ab ab ab" -> chunks "ab" x1, " ab" x2. Counts: (a,b):3, (" ",a):2 -> merge (a,b);
    // then (" ",ab):2 -> merge; then nothing left to pair.
    [Fact]
    public void ChunkFrequenciesWeightPairsAndSpacesStickToTheNextWord()
    {
        Assert.Equal(["ab", " ab", " ab"], BpeTokenizer.Chunks("ab ab ab"));
        Assert.Equal(["a", " ", " b", " ,", "\n"], BpeTokenizer.Chunks("a  b ,\n"));
        var bpe = BpeTokenizer.Train(["ab ab ab"], numMerges: 10);
        Assert.Equal([("a", "b"), (" ", "ab")], bpe.Merges);
        Assert.Equal(["ab", " ab", " ", "b", "a"], bpe.Tokenize("ab ab ba"));
    }

    [Fact]
    public void RoundTripsArbitraryUnicode()
    {
        var bpe = BpeTokenizer.Train(["the whale, the whales; the whaler’s boat", "thee and thou \U0001F600\U0001F600"], numMerges: 40);
        Assert.NotEmpty(bpe.Merges);
        UnicodeStrings.Check(s => bpe.Detokenize(bpe.Tokenize(s)) == s);
    }

    [Fact]
    public void SavedAndLoadedTokenizerEncodesTheSame()
    {
        var bpe = BpeTokenizer.Train(["low lower lowest newer newest wider widest"], numMerges: 20);
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.json");
        try
        {
            TokenizerJson.Save(bpe, path);
            Assert.Contains("\"type\": \"bpe\"", File.ReadAllText(path));
            var loaded = Assert.IsType<BpeTokenizer>(TokenizerJson.Load(path));
            Assert.Equal(bpe.Merges, loaded.Merges);
            Assert.Equal(bpe.Tokenize("the lowest newer widest"), loaded.Tokenize("the lowest newer widest"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BpeWithLoneSurrogatesSavesLosslessly()
    {
        var bpe = BpeTokenizer.Train(["a \uD800 \uD800"], numMerges: 5); // chunks "a", " \uD800", " \uD800"
        Assert.Equal([(" ", "\uD800")], bpe.Merges);
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.json");
        try
        {
            TokenizerJson.Save(bpe, path);
            var loaded = Assert.IsType<BpeTokenizer>(TokenizerJson.Load(path));
            Assert.Equal(bpe.Merges, loaded.Merges);
            Assert.Equal(bpe.Alphabet, loaded.Alphabet);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WordAndCharTokenizersSaveTheirOptions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tok-{Guid.NewGuid():N}.json");
        try
        {
            TokenizerJson.Save(new WordTokenizer(lowercase: false, keepWhitespace: true), path);
            var w = Assert.IsType<WordTokenizer>(TokenizerJson.Load(path));
            Assert.False(w.Lowercase);
            Assert.True(w.KeepWhitespace);
            TokenizerJson.Save(new CharTokenizer(), path);
            Assert.IsType<CharTokenizer>(TokenizerJson.Load(path));
            File.WriteAllText(path, "{\"type\": \"sentencepiece\"}");
            var e = Assert.Throws<InvalidDataException>(() => TokenizerJson.Load(path));
            Assert.Contains("sentencepiece", e.Message);
            File.WriteAllText(path, "{not json");
            Assert.Throws<InvalidDataException>(() => TokenizerJson.Load(path));
        }
        finally { File.Delete(path); }
    }
}
