using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

public class WordTokenizerTests
{
    [Fact]
    public void SplitsPunctuationAndMarksCase()
    {
        var tok = new WordTokenizer();
        var tokens = tok.Tokenize("Call me Ishmael. Some years ago—never mind");
        Assert.Equal(["<cap>", "call", "me", "<cap>", "ishmael", ".", "<cap>", "some", "years", "ago", "—", "never", "mind"], tokens);
        Assert.Equal("Call me Ishmael. Some years ago—never mind", tok.Detokenize(tokens));
    }

    [Fact]
    public void AllCapsMixedCaseAndApostrophes()
    {
        var tok = new WordTokenizer();
        Assert.Equal(["<upper>", "chapter", "1", "."], tok.Tokenize("CHAPTER 1."));
        Assert.Equal(["McDonald's", "iPhone"], tok.Tokenize("McDonald's iPhone"));
        // Straight quotes are neither opening nor closing, so the default gap around them is a space.
        Assert.Equal(["don't", "'", "<join>", "quote", "<join>", "'"], tok.Tokenize("don't 'quote'"));
    }

    [Fact]
    public void MissingDefaultSpaceIsMarkedWithJoin()
    {
        var tok = new WordTokenizer();
        Assert.Equal(["a", ",", "<join>", "b"], tok.Tokenize("a,b"));
        Assert.Equal(["(", "word", ")"], tok.Tokenize("(word)"));
        Assert.Equal("a,b (word)", tok.Detokenize(tok.Tokenize("a,b (word)")));
    }

    [Fact]
    public void DefaultModeNormalisesOnlyWhitespace()
    {
        var tok = new WordTokenizer();
        var tokens = tok.Tokenize("  Hello ,\n\n  world!  ");
        Assert.Equal(["<cap>", "hello", ",", "world", "!"], tokens);
        Assert.Equal("Hello, world!", tok.Detokenize(tokens));
    }

    [Fact]
    public void KeepWhitespaceRoundTripsArbitraryUnicodeExactly()
    {
        var tok = new WordTokenizer(keepWhitespace: true);
        UnicodeStrings.Check(s => tok.Detokenize(tok.Tokenize(s)) == s);
    }

    [Fact]
    public void CaseSensitiveKeepWhitespaceRoundTrips()
    {
        var tok = new WordTokenizer(lowercase: false, keepWhitespace: true);
        UnicodeStrings.Check(s => tok.Detokenize(tok.Tokenize(s)) == s);
    }

    [Fact]
    public void DefaultModeIsStableUnderReencoding()
    {
        var tok = new WordTokenizer();
        UnicodeStrings.Check(s =>
        {
            var once = tok.Tokenize(s);
            return once.SequenceEqual(tok.Tokenize(tok.Detokenize(once)));
        });
    }

    [Fact]
    public void DefaultModeKeepsEveryNonSpaceCharacter() =>
        // Only whitespace may change: the non-whitespace characters come back in order.
        UnicodeStrings.Check(s =>
        {
            var tok = new WordTokenizer();
            static string Ink(string x) => string.Concat(x.Where(c => !char.IsWhiteSpace(c)));
            return Ink(tok.Detokenize(tok.Tokenize(s))) == Ink(s);
        });
}
