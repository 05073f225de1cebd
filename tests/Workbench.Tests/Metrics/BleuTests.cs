using FsCheck;
using FsCheck.Fluent;
using Workbench.Metrics;
using Workbench.Tests.Tokenization;

namespace Workbench.Tests.Metrics;

/// <summary>
/// BLEU's behaviour worked by hand: the closest-reference brevity penalty with several references, clipping
/// against the best reference, the issue-18 inputs in readable form, and that no string makes it throw.
/// SacreBleuReferenceTests checks the same code against sacreBLEU itself on many more inputs.
/// </summary>
public class BleuTests
{
    static string Words(int n, string prefix = "w") => string.Join(" ", Enumerable.Range(0, n).Select(i => prefix + i));

    // The closest reference length wins; of two equally close, the shorter. The closest is neither the longest
    // nor the shortest in the first rows, so neither "longest" nor "shortest" passes by accident.
    [Theory]
    [InlineData(5, new[] { 2, 6, 12 }, 6)]
    [InlineData(9, new[] { 14, 3, 8 }, 8)]
    [InlineData(4, new[] { 1, 10, 3, 7 }, 3)]
    [InlineData(5, new[] { 6, 4 }, 4)]        // tie: the shorter, whichever comes first
    [InlineData(5, new[] { 4, 6 }, 4)]
    [InlineData(5, new[] { 8, 6, 4, 2 }, 4)]
    [InlineData(0, new[] { 3, 1, 2 }, 1)]
    [InlineData(7, new[] { 7, 7, 1 }, 7)]
    [InlineData(3, new[] { 0 }, 0)]
    [InlineData(10, new[] { 20, 30 }, 20)]
    public void ClosestReferenceLengthIsTheNearestAndTiesGoToTheShorter(int hyp, int[] refs, int expected) =>
        Assert.Equal(expected, Bleu.ClosestReferenceLength(hyp, refs));

    [Theory]
    [InlineData(5, new[] { 2, 6, 12 }, 6)]    // closest 6: BP = exp(1 - 6/5); the longest would give exp(1 - 12/5)
    [InlineData(9, new[] { 14, 3, 11 }, 11)]
    [InlineData(4, new[] { 1, 10, 6, 5 }, 5)]
    [InlineData(5, new[] { 6, 4, 8 }, 4)]     // tie 4/6 goes to 4: BP = 1; the longer would give exp(1 - 6/5)
    [InlineData(6, new[] { 9, 3, 7, 5 }, 5)]  // tie 5/7 goes to 5
    public void BrevityPenaltyUsesTheClosestReference(int hypLen, int[] refLens, int closest)
    {
        // The hypothesis is a prefix of every reference, so all its n-grams match and BLEU = 100 * BP.
        var s = Bleu.Corpus([Words(hypLen)], [refLens.Select(n => Words(n)).ToArray()]);
        double bp = hypLen < closest ? Math.Exp(1 - (double)closest / hypLen) : 1;
        Assert.Equal(closest, s.ReferenceLength);
        Assert.Equal(bp, s.BrevityPenalty, 12);
        Assert.Equal(100 * bp, s.Value, 9);
    }

    [Fact]
    public void CorpusReferenceLengthSumsEachSentencesClosestReference()
    {
        // Sentence 1: hyp 5, refs 2/6/12 -> 6. Sentence 2: hyp 3, refs 9/4/2 -> 2 (tie 2/4 to the shorter).
        // Sentence 3: hyp 4, refs 4/20 -> 4. Total hyp 12, ref 12: BP 1. With the longest: 12 + 9 + 20 = 41.
        var s = Bleu.Corpus([Words(5), Words(3, "x"), Words(4, "y")],
            [[Words(2), Words(6), Words(12)], [Words(9, "x"), Words(4, "x"), Words(2, "x")], [Words(4, "y"), Words(20, "y")]]);
        Assert.Equal(12, s.HypothesisLength);
        Assert.Equal(12, s.ReferenceLength);
        Assert.Equal(1.0, s.BrevityPenalty);
        // And one where the sum leaves the hypothesis short: 5 + 3 tokens against 6 + 4 -> BP = exp(1 - 10/8).
        var shortCorpus = Bleu.Corpus([Words(5), Words(3, "x")], [[Words(2), Words(6), Words(12)], [Words(9, "x"), Words(4, "x")]]);
        Assert.Equal(10, shortCorpus.ReferenceLength);
        Assert.Equal(Math.Exp(1 - 10.0 / 8), shortCorpus.BrevityPenalty, 12);
    }

    [Fact]
    public void MatchesAreClippedByTheBestSingleReferenceNotTheSum()
    {
        // "the" x4 against refs with 1 and 2 "the": clip at max(1, 2) = 2, not 1 + 2 = 3. "the the": at most 1.
        var s = Bleu.Corpus(["the the the the"], [["the cat", "the the dog"]]);
        Assert.Equal(new long[] { 2, 1, 0, 0 }, s.Correct);
        Assert.Equal(new long[] { 4, 3, 2, 1 }, s.Total);
        // 1-gram 2/4, 2-gram 1/3, 3-gram 0/2 -> 100/(2*2), 4-gram 0/1 -> 100/(4*1); closest ref length 3 -> BP 1.
        double expected = Math.Exp((Math.Log(50) + Math.Log(100.0 / 3) + Math.Log(25) + Math.Log(25)) / 4);
        Assert.Equal(expected, s.Value, 9);
    }

    [Fact]
    public void AnyUnicodeWhitespaceSeparatesTokensAndTrailingWhitespaceIsIgnored()
    {
        foreach (var ws in new[] { "\t", "\u00a0", "\u2009", "\u3000", "\u000b", "\u000c", "\u001c", "\u0085", "\u2028", "\r" })
        {
            Assert.Equal(["the", "cat", "sat"], Bleu.TokenizeSegment($"the{ws}cat sat{ws}"));
            Assert.Equal(100.0, Bleu.Corpus([$"the{ws}cat sat on the mat"], [$"the{ws}cat sat on the mat"]).Value, 9);
        }
        Assert.Equal(100.0, Bleu.Corpus(["東京\u3000大阪 京都 神戸"], ["東京\u3000大阪 京都 神戸"]).Value, 9);
        // Zero width space and U+180E are not whitespace to Python, so not to BLEU either.
        Assert.Equal(["a\u200bb", "c\u180ed"], Bleu.TokenizeSegment("a\u200bb c\u180ed"));
    }

    [Fact]
    public void TrailingHyphenNewlineKeepsTheHyphenButAnInnerOneJoinsTheWord()
    {
        // sacreBLEU trims first: "well-\n" -> "well-"; only a "-\n" left inside the line joins two halves.
        Assert.Equal(["the", "well-"], Bleu.TokenizeSegment("the well-\n"));
        Assert.Equal(["a", "stateof-the-art", "ship-"], Bleu.TokenizeSegment("a state-\nof-the-art ship-\n"));
        // The tokenizer alone (no trim) does join a trailing one.
        Assert.Equal(["the", "well"], Bleu.Tokenize13a("the well-\n"));
    }

    [Fact]
    public void ControlCharactersInsideTokensAreOrdinaryCharacters()
    {
        // "a\x01b" is one token; no n-gram of "a\x01b c" matches "a b c" beyond the unigram "c".
        var s = Bleu.Corpus(["a\u0001b c"], ["a b c"]);
        Assert.Equal(new long[] { 1, 0, 0, 0 }, s.Correct);
        Assert.Equal(new long[] { 2, 1, 0, 0 }, s.Total);
        var four = Bleu.Corpus(["a\u0001\u0001\u0001\u0001b c d e"], ["a\u0001\u0001\u0001\u0001b c d e"]);
        Assert.Equal(100.0, four.Value, 9);
        Assert.Equal(new long[] { 4, 3, 2, 1 }, four.Total);
    }

    [Theory]
    [InlineData("\ud800")]
    [InlineData("a\udc00 b\ud83d")]
    [InlineData("\u0001\u0001\u0001\u0001\u0001\u0001\u0001\u0001")]
    [InlineData("\0 \0\0")]
    [InlineData("-\n-\n-\n")]
    [InlineData("&amp;amp;lt; &quot")]
    [InlineData("<skipped><skipped>")]
    [InlineData("")]
    [InlineData("\u2028\u2029\u0085\u001c\u001d\u001e\u001f")]
    public void NeverThrowsOnHostileStrings(string text)
    {
        var s = Bleu.Corpus([text, text + " x", "y " + text], [[text, "x"], [text], ["y " + text, text + text]]);
        Assert.InRange(s.Value, 0, 100);
        Assert.False(double.IsNaN(s.BrevityPenalty));
    }

    static readonly Gen<string> Special = Gen.Elements("\u0001", "-\n", "\n", "\r", "&quot;", "&amp;", "&lt;", "&gt;", "<skipped>",
        "\u001c", "\u0085", "\u2028", "\u3000", "\u00a0", "3.5", "U.S.", ",", ".", "-", "7-", "the", "cat", " ");

    static readonly Arbitrary<string> Lines = Gen.ListOf(Gen.Frequency((3, UnicodeStrings.Strings), (4, Special))).Select(string.Concat).ToArbitrary();

    [Fact]
    public void NeverThrowsStaysInRangeAndCountsConsistentlyOnArbitraryStrings()
    {
        Check.One(UnicodeStrings.Config, Prop.ForAll(Lines, Lines, (hyp, reference) =>
        {
            var s = Bleu.Corpus([hyp], [reference]);
            int hypLen = Bleu.TokenizeSegment(hyp).Length;
            return s.Value >= 0 && s.Value <= 100 + 1e-9
                && s.HypothesisLength == hypLen && s.ReferenceLength == Bleu.TokenizeSegment(reference).Length
                && Enumerable.Range(0, Bleu.MaxOrder).All(n => s.Correct[n] >= 0 && s.Correct[n] <= s.Total[n] && s.Total[n] == Math.Max(0, hypLen - n));
        }));
    }

    [Fact]
    public void AnyHypothesisScores100AgainstItselfOnceItHasFourTokens()
    {
        Check.One(UnicodeStrings.Config, Prop.ForAll(Lines, line =>
        {
            var s = Bleu.Corpus([line], [line]);
            // Under four tokens there is no 4-gram, so the 4-gram precision is 0 and so is BLEU (sacreBLEU's rule).
            return Bleu.TokenizeSegment(line).Length < Bleu.MaxOrder ? s.Value == 0 : Math.Abs(s.Value - 100) < 1e-9;
        }));
    }

    [Fact]
    public void StructuralMistakesAreNamedErrors()
    {
        Assert.Contains("2 hypotheses but 1", Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a", "b"], ["a"])).Message);
        Assert.Contains("sentence 1 has no reference", Assert.Throws<ArgumentException>(() =>
            Bleu.Corpus(["a", "b"], [["a"], Array.Empty<string>()])).Message);
        Assert.Contains("hypothesis 0 is null", Assert.Throws<ArgumentException>(() => Bleu.Corpus([null!], ["a"])).Message);
        Assert.Contains("reference 1 of sentence 0", Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], [["a", null!]])).Message);
        Assert.Contains("reference set 1 is null", Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a", "b"], [["a"], null!])).Message);
        Assert.Contains("need 4", Assert.Throws<ArgumentException>(() => Bleu.FromStatistics([1, 2], [1, 2], 1, 1)).Message);
        Assert.Contains("got 4 and 3", Assert.Throws<ArgumentException>(() => Bleu.FromStatistics([1, 1, 1, 1], [1, 1, 1], 1, 1)).Message);
        Assert.Contains("got 3 and 4", Assert.Throws<ArgumentException>(() => Bleu.FromStatistics([1, 1, 1], [1, 1, 1, 1], 1, 1)).Message);
        Assert.Contains("no reference lengths", Assert.Throws<ArgumentException>(() => Bleu.ClosestReferenceLength(3, [])).Message);
        Assert.Equal("hypotheses", Assert.Throws<ArgumentNullException>(() => Bleu.Corpus(null!, ["a"])).ParamName);
        Assert.Equal("references", Assert.Throws<ArgumentNullException>(() => Bleu.Corpus(["a"], (IReadOnlyList<string>)null!)).ParamName);
        Assert.Equal("references", Assert.Throws<ArgumentNullException>(() => Bleu.Corpus(["a"], (IReadOnlyList<IReadOnlyList<string>>)null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => Bleu.Tokenize13a(null!));
        Assert.Throws<ArgumentNullException>(() => Bleu.TokenizeSegment(null!));
    }
}
