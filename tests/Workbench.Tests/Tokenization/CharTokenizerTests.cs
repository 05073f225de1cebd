using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

public class CharTokenizerTests
{
    readonly CharTokenizer tok = new();

    [Fact]
    public void RoundTripsArbitraryUnicode() => UnicodeStrings.Check(s => tok.Detokenize(tok.Tokenize(s)) == s);

    [Fact]
    public void OneTokenPerCodePointForWellFormedText() =>
        // Reference: .NET's own rune enumeration, valid only for well-formed UTF-16 (no lone surrogates).
        UnicodeStrings.Check(s => !IsWellFormed(s) || tok.Tokenize(s).Count == s.EnumerateRunes().Count());

    [Fact]
    public void SurrogatePairIsOneCharacterAndLoneSurrogateIsKept()
    {
        Assert.Equal(["a", "\U0001F600", "b"], tok.Tokenize("a\U0001F600b"));
        Assert.Equal(["x", "\uD800", "y"], tok.Tokenize("x\uD800y"));
        Assert.Equal(["e", "\u0301"], tok.Tokenize("e\u0301")); // code points, not graphemes
    }

    static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}

public class UnicodeStringsTests
{
    [Fact]
    public void GeneratorReallyProducesSurrogatesAndWhitespace()
    {
        var samples = FsCheck.Fluent.Gen.Sample(UnicodeStrings.Strings, 30, 300);
        Assert.Contains(samples, s => s.EnumerateRunes().Any(r => r.Value > 0xFFFF));
        Assert.Contains(samples, s => Enumerable.Range(0, s.Length).Any(i => char.IsHighSurrogate(s[i]) && (i + 1 == s.Length || !char.IsLowSurrogate(s[i + 1]))));
        Assert.Contains(samples, s => s.Contains('\n'));
    }
}
