using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

/// <summary>BPE at the edges: ties on the left symbol, merges whose left symbol ends a chunk, index entries left
/// stale by an earlier merge, and argument errors (several found as surviving mutants).</summary>
public class BpeEdgeCaseTests
{
    [Fact]
    public void TiesOnTheLeftSymbolGoToTheSmallerRightSymbol()
    {
        // "acab": (a,c) (c,a) (a,b) once each. (a,c) is seen first, but (a,b) wins the tie: left "a" = "a", right "b" < "c".
        Assert.Equal([("a", "b")], BpeTokenizer.Train(["acab"], numMerges: 1, minPairCount: 1).Merges);
        // Same with the right symbols further apart and a longer word: "xzxy" -> (x,y) before (x,z).
        Assert.Equal([("x", "y")], BpeTokenizer.Train(["xzxy"], numMerges: 1, minPairCount: 1).Merges);
    }

    [Fact]
    public void AMergeLearnedAfterItsWordChangedSkipsThatWordSafely()
    {
        // "bcdb" first becomes b|cd|b; its old pair (b,c) stays in the index. When (b,c) is merged later (from "bc"),
        // the stale word must be skipped even though it ends with "b", the merge's left symbol.
        var bpe = BpeTokenizer.Train(["bcdb", "cd", "cd", "cd", "bc", "bc"], numMerges: 2, minPairCount: 1);
        Assert.Equal([("c", "d"), ("b", "c")], bpe.Merges);
        Assert.Equal(["b", "cd", "b"], bpe.Tokenize("bcdb"));
        Assert.Equal(["bc", "b"], bpe.Tokenize("bcb"));
    }

    [Theory]
    [InlineData("aba", new[] { "ab", "a" })]       // ends with the merge's left symbol
    [InlineData("a", new[] { "a" })]
    [InlineData("aab", new[] { "a", "ab" })]
    [InlineData("abab", new[] { "ab", "ab" })]
    [InlineData("ba", new[] { "b", "a" })]
    public void EncodingHandlesAMergesLeftSymbolAtTheEndOfAChunk(string text, string[] expected)
    {
        var bpe = new BpeTokenizer(["a", "b"], [("a", "b")]);
        Assert.Equal(expected, bpe.Tokenize(text));
        Assert.Equal(expected, bpe.Tokenize(text));   // second time from the cache
    }

    [Fact]
    public void ConstructionAndTrainingNameBadArguments()
    {
        var dup = Assert.Throws<ArgumentException>(() => new BpeTokenizer(["a", "b"], [("a", "b"), ("b", "a"), ("a", "b")]));
        Assert.Contains("BPE merge #2 ('a', 'b') is listed twice", dup.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train(["ab"], numMerges: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train(["ab"], numMerges: 1, minPairCount: 0));
        Assert.Throws<ArgumentNullException>(() => BpeTokenizer.Chunks(null!).ToList());
        Assert.Throws<ArgumentNullException>(() => new BpeTokenizer(["a"], []).Tokenize(null!));
    }

    [Fact]
    public void SymbolsAreTheAlphabetThenEachMergeResultOnce()
    {
        var bpe = new BpeTokenizer(["b", "a", "c"], [("a", "b"), ("ab", "c"), ("a", "bc")]);
        Assert.Equal("bpe", bpe.Type);
        Assert.Equal(["a", "b", "c"], bpe.Alphabet);
        Assert.Equal(["a", "b", "c", "ab", "abc"], bpe.Symbols);   // "a"+"bc" = "abc" again: listed once
    }
}
