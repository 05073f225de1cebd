using System.Text.Json.Nodes;
using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

/// <summary>Word, whitespace and character tokenizers and the code-point walker at their edges (several found as
/// surviving mutants): marks of every kind inside words, an apostrophe at the end of the text, hand-made token
/// streams with whitespace and joins, empty tokens.</summary>
public class TokenizerEdgeCaseTests
{
    [Theory]
    [InlineData("cafe\u0301 x", "cafe\u0301")]           // non-spacing mark (Mn)
    [InlineData("\u0930\u093E\u092E x", "\u0930\u093E\u092E")]  // Devanagari "राम": spacing combining vowel sign (Mc)
    [InlineData("a\u20DDb x", "a\u20DDb")]               // enclosing circle (Me)
    public void EveryKindOfCombiningMarkStaysInsideItsWord(string text, string word)
    {
        var tok = new WordTokenizer(lowercase: false);
        Assert.Equal([word, "x"], tok.Tokenize(text));
        Assert.Equal([word, "x"], BpeTokenizer.Chunks(text).Select(c => c.Trim()).ToArray());
    }

    [Fact]
    public void AnApostropheAtTheEndIsPunctuationNotPartOfTheWord()
    {
        var tok = new WordTokenizer();
        Assert.Equal(["dogs", "<join>", "'"], tok.Tokenize("dogs'"));
        Assert.Equal("dogs'", tok.Detokenize(tok.Tokenize("dogs'")));
        Assert.Equal(["don't"], tok.Tokenize("don't"));
        // Inside a word only when a letter follows: "dogs' tails" splits, "whale’s" does not.
        Assert.Equal(["the", "dogs", "<join>", "'", "tails"], tok.Tokenize("the dogs' tails"));
        Assert.Equal(["the", "whale’s", "tail"], tok.Tokenize("the whale’s tail"));
        Assert.Equal(["it", "<join>", "'", "<join>", "'", "<join>", "s"], tok.Tokenize("it''s"));
    }

    [Fact]
    public void DetokenizeHonoursHandMadeWhitespaceAndJoins()
    {
        var tok = new WordTokenizer(keepWhitespace: true);
        Assert.Equal("a \nb", tok.Detokenize(["a", " ", "\n", "b"]));     // consecutive whitespace tokens add up
        Assert.Equal("a  b", tok.Detokenize(["a", "  ", "<join>", "b"]));  // an explicit gap beats a join
        Assert.Equal("ab", tok.Detokenize(["a", "<join>", "<join>", "b"]));
        Assert.Equal("a  b", tok.Detokenize(["a", "", "b"]));              // an empty token is an empty word, not whitespace
        Assert.Throws<ArgumentNullException>(() => tok.Detokenize(null!));
        Assert.Throws<ArgumentNullException>(() => tok.Tokenize(null!));
    }

    [Fact]
    public void MarkersDependOnLowercasing()
    {
        Assert.Equal(["<cap>", "<upper>", "<join>"], new WordTokenizer().Markers);
        Assert.Equal(["<join>"], new WordTokenizer(lowercase: false).Markers);
        Assert.Equal("word", new WordTokenizer().Type);
    }

    [Fact]
    public void WhitespaceTokenizerSplitsOnSpacesAndJoinsWithOne()
    {
        var tok = new WhitespaceTokenizer();
        Assert.Equal("space", tok.Type);
        Assert.Equal(["K", "AE1", "T"], tok.Tokenize("  K AE1   T "));
        Assert.Equal("K AE1 T", tok.Detokenize(["K", "AE1", "T"]));
        Assert.Throws<ArgumentNullException>(() => tok.Tokenize(null!));
        Assert.Equal("char", new CharTokenizer().Type);
    }

    [Fact]
    public void CodePointsAndWhitespaceHelpersHandleTheDegenerateCases()
    {
        Assert.Throws<ArgumentNullException>(() => TextUnits.CodePoints(null!).ToList());
        Assert.False(TextUnits.IsWhiteSpace(""));
        Assert.True(TextUnits.IsWhiteSpace("\u3000x"));
        Assert.False(TextUnits.IsWhiteSpace("\uD800"));
    }

    [Fact]
    public void JsonTextWritesWellFormedTokensAsStringsAndOnlyBrokenOnesAsCodeUnits()
    {
        foreach (var s in new[] { "\U0001F600", "a\U0001F600b", "", "\uD83D\uDE00\uD83D\uDE00" })
            Assert.Equal(s, Assert.IsAssignableFrom<JsonValue>(JsonText.Write(s)).GetValue<string>());
        foreach (var s in new[] { "\uD800", "\uDC00\uD800", "a\uD83D", "\uDE00a" })
        {
            var o = Assert.IsType<JsonObject>(JsonText.Write(s));
            Assert.Equal(s, JsonText.Read(o, "test"));
        }
        var bad = Assert.Throws<InvalidDataException>(() => JsonText.Read(JsonValue.Create(5), "vocab.json: token 3"));
        Assert.Contains("vocab.json: token 3: expected a token string", bad.Message);
        Assert.Contains("found 5", bad.Message);
        Assert.Contains("found null", Assert.Throws<InvalidDataException>(() => JsonText.Read(null, "x")).Message);
    }
}
