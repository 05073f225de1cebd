using System.Globalization;
using Workbench.Metrics;

namespace Workbench.Tests.Metrics;

/// <summary>
/// The metrics' boundaries and error messages: empty inputs, mismatched lengths, out-of-range classes, BIO tags
/// at the edges of the format, tokens that contain the old n-gram separator, and printing in any culture. Most
/// were found as surviving mutants (docs/mutation-testing.md).
/// </summary>
public class MetricEdgeCaseTests
{
    [Fact]
    public void AccuracyOfNothingIsZeroAndMismatchedLengthsAreNamed()
    {
        Assert.Equal(0.0, Classification.Accuracy([], []));
        Assert.Equal(1.0 / 3, Classification.Accuracy([2, 0, 0], [2, 1, 2]), 12);
        Assert.Contains("3 predictions but 2 labels", Assert.Throws<ArgumentException>(() => Classification.Accuracy([1, 2, 3], [1, 2])).Message);
    }

    [Theory]
    [InlineData(3, 0, "gold 3")]     // gold == classes: just outside
    [InlineData(0, 3, "predicted 3")]
    [InlineData(-1, 0, "gold -1")]
    [InlineData(1, 4, "predicted 4")]
    public void ConfusionMatrixRejectsEitherLabelOutsideTheClasses(int gold, int predicted, string named)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Classification.ConfusionMatrix([0, predicted], [0, gold], 3));
        Assert.Contains("pair 1", ex.Message);
        Assert.Contains(named, ex.Message);
        Assert.Contains("outside 0..2", ex.Message);
    }

    [Fact]
    public void ConfusionMatrixCountsTheLastClassAndNamesLengthMismatches()
    {
        var m = Classification.ConfusionMatrix([2, 2, 0], [2, 1, 2], 3);
        Assert.Equal(1, m[2, 2]); Assert.Equal(1, m[1, 2]); Assert.Equal(1, m[2, 0]);
        Assert.Equal(3, m.Cast<int>().Sum());
        Assert.Contains("1 predictions but 2 labels", Assert.Throws<ArgumentException>(() => Classification.ConfusionMatrix([0], [0, 1], 2)).Message);
    }

    [Fact]
    public void SequenceAccuraciesOfNothingAreZeroAndMismatchesAreNamed()
    {
        Assert.Equal(0.0, SequenceAccuracy.ExactMatch<int>([], []));
        Assert.Equal(0.0, SequenceAccuracy.TokenAccuracy<int>([[]], [[]]));
        Assert.Contains("2 predictions but 1 references", Assert.Throws<ArgumentException>(() => SequenceAccuracy.ExactMatch<int>([[1], [2]], [[1]])).Message);
        Assert.Contains("1 predictions but 2 references", Assert.Throws<ArgumentException>(() => SequenceAccuracy.TokenAccuracy<int>([[1]], [[1], [2]])).Message);
    }

    [Fact]
    public void TokenAccuracyCountsMissingPositionsAsWrongAndIgnoresExtraOnes()
    {
        // Reference [1,2,3] vs prediction [1,2]: 2 of 3; vs [1,2,3,4,5]: 3 of 3; vs [9,2,3]: 2 of 3.
        Assert.Equal(2.0 / 3, SequenceAccuracy.TokenAccuracy<int>([[1, 2]], [[1, 2, 3]]), 12);
        Assert.Equal(1.0, SequenceAccuracy.TokenAccuracy<int>([[1, 2, 3, 4, 5]], [[1, 2, 3]]), 12);
        Assert.Equal(5.0 / 6, SequenceAccuracy.TokenAccuracy<int>([[9, 2, 3], [1, 2, 3]], [[1, 2, 3], [1, 2, 3]]), 12);
    }

    [Fact]
    public void DistinctNKeysNGramsByTheirElementsNotByJoinedText()
    {
        // Joined with U+0001, ["a\u0001b", "c"] and ["a", "b\u0001c"] would be the same bigram.
        IReadOnlyList<string>[] seqs = [["a\u0001b", "c"], ["a", "b\u0001c"]];
        Assert.Equal(1.0, Diversity.DistinctN(seqs, 2));
        Assert.Equal(2, Diversity.DistinctSequences(new IReadOnlyList<string>[] { ["a\u0001b"], ["a", "b"] }));
        Assert.Equal(1, Diversity.DistinctSequences(new IReadOnlyList<int>[] { [1, 2], [1, 2] }));
        Assert.Equal(0.25, Diversity.DistinctN(new IReadOnlyList<int>[] { [7, 7, 7], [7] }, 1));
        Assert.Equal(2 / 3.0, Diversity.DistinctN(new IReadOnlyList<int>[] { [7, 7, 8], [7, 7] }, 2), 12);
        Assert.Equal(0.0, Diversity.DistinctN(Array.Empty<IReadOnlyList<int>>(), 1));
        Assert.Contains("n must be >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => Diversity.DistinctN(new IReadOnlyList<int>[] { [1] }, 0)).Message);
        Assert.Equal("sequences", Assert.Throws<ArgumentNullException>(() => Diversity.DistinctN<int>(null!, 1)).ParamName);
        Assert.Equal("sequences", Assert.Throws<ArgumentNullException>(() => Diversity.DistinctSequences<int>(null!)).ParamName);
    }

    [Fact]
    public void BitsPerCharacterNeedsCharactersAndSurprisalIsMinusLog2()
    {
        Assert.Equal(2.0, LanguageModelMetrics.BitsPerCharacter(2 * Math.Log(2), 1), 12);
        Assert.Contains("the text has no characters", Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelMetrics.BitsPerCharacter(1, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelMetrics.BitsPerCharacter(1, -5));
        Assert.Equal(3.0, LanguageModelMetrics.SurprisalBits(Math.Log(1 / 8.0)), 12);
        Assert.Equal(0.0, LanguageModelMetrics.SurprisalBits(0), 12);
    }

    [Fact]
    public void EntityF1PerTypeCountsOnlyItsOwnTypeAndListsTypesInOrder()
    {
        // Gold: PER (0-2), LOC (3), ORG (5). Predicted: PER (0-2) right, LOC (3) right, MISC (4) wrong, no ORG.
        string[] gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"];
        string[] pred = ["B-PER", "I-PER", "O", "B-LOC", "B-MISC", "O"];
        var r = EntityF1.Compute([pred], [gold]);
        Assert.Equal((3, 3, 2), (r.Predicted, r.Gold, r.Correct));
        Assert.Equal(["LOC", "MISC", "ORG", "PER"], r.PerType.Keys);
        Assert.Equal((1.0, 1.0, 1.0, 1), r.PerType["PER"]);
        Assert.Equal((0.0, 0.0, 0.0, 0), r.PerType["MISC"]);   // predicted once, never right, no gold: P 0, R 0
        Assert.Equal((0.0, 0.0, 0.0, 1), r.PerType["ORG"]);    // never predicted: P 0 (not NaN), R 0
        Assert.Equal(2.0 / 3, r.Precision, 12);
        Assert.Equal(2.0 / 3, r.Recall, 12);
    }

    [Fact]
    public void EntityF1WithNothingPredictedOrNothingGoldIsZeroNotNaN()
    {
        var none = EntityF1.Compute([["O", "O"]], [["B-PER", "O"]]);
        Assert.Equal((0.0, 0.0, 0.0), (none.Precision, none.Recall, none.F1));
        var noGold = EntityF1.Compute([["B-PER", "O"]], [["O", "O"]]);
        Assert.Equal((0.0, 0.0, 0.0), (noGold.Precision, noGold.Recall, noGold.F1));
    }

    [Fact]
    public void EntityF1NamesMismatchedSentencesAndTags()
    {
        Assert.Contains("2 predicted sentences but 1 gold", Assert.Throws<ArgumentException>(() =>
            EntityF1.Compute([["O"], ["O"]], [["O"]])).Message);
        Assert.Contains("sentence 0 has 1 predicted tags but 2 gold", Assert.Throws<ArgumentException>(() =>
            EntityF1.Compute([["O"]], [["O", "O"]])).Message);
        var bad = Assert.Throws<ArgumentException>(() => EntityF1.Spans(["O", "B-PER", "X"]));
        Assert.Contains("tag 'X' at position 2", bad.Message);
    }

    [Fact]
    public void SpansReadTheEdgesOfTheBioFormat()
    {
        // A tag without a type ("B", "I", "B-") has the empty type, as in conlleval: untyped chunks count.
        Assert.Equal([new EntityF1.Entity("", 0, 1)], EntityF1.Spans(["B"]));
        Assert.Equal([new EntityF1.Entity("", 0, 2), new EntityF1.Entity("", 3, 4)], EntityF1.Spans(["B", "I", "O", "I"]));
        Assert.Equal([new EntityF1.Entity("", 0, 2)], EntityF1.Spans(["B-", "I"]));
        Assert.Equal([new EntityF1.Entity("", 0, 1), new EntityF1.Entity("X", 1, 2)], EntityF1.Spans(["B", "I-X"]));
        Assert.Equal(1.0, EntityF1.Compute([["B", "I", "O", "B"]], [["B", "I", "O", "B"]]).F1);
        Assert.Throws<ArgumentException>(() => EntityF1.Spans(["BX"]));
        // I continuing the same type extends; B always starts a new entity; I-X after B-Y starts X.
        Assert.Equal([new EntityF1.Entity("A", 0, 3)], EntityF1.Spans(["B-A", "I-A", "I-A"]));
        Assert.Equal([new EntityF1.Entity("A", 0, 1), new EntityF1.Entity("A", 1, 2)], EntityF1.Spans(["B-A", "B-A"]));
        Assert.Equal([new EntityF1.Entity("A", 0, 1), new EntityF1.Entity("B", 1, 3)], EntityF1.Spans(["B-A", "I-B", "I-B"]));
        Assert.Equal([new EntityF1.Entity("AB", 1, 2)], EntityF1.Spans(["O", "I-AB", "O"]));
    }

    [Fact]
    public void BleuScorePrintsLikeSacreBleuInAnyCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            var s = Bleu.Corpus(["the cat sat on the mat"], ["the cat is on the mat"]);
            Assert.Equal("BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)", s.ToString());
            Assert.Equal("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 3)", Bleu.Corpus([""], ["a b c"]).ToString());
            Assert.Equal("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)", Bleu.Corpus([""], [""]).ToString());
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }
}
