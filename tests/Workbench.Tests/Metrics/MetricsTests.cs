using Workbench.Metrics;

namespace Workbench.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void BleuMatchesAHandWorkedExample()
    {
        // hyp "the cat sat on the mat" vs ref "the cat is on the mat":
        // 1-grams 5/6, 2-grams 3/5, 3-grams 1/4, 4-grams 0/3 -> exp smoothing gives 100/(2*3); BP = 1.
        var s = Bleu.Corpus(["the cat sat on the mat"], ["the cat is on the mat"]);
        double expected = Math.Pow(100.0 * 5 / 6 * (100.0 * 3 / 5) * (100.0 / 4) * (100.0 / 6), 0.25);
        Assert.Equal(expected, s.Value, 6);
        Assert.Equal(new long[] { 5, 3, 1, 0 }, s.Correct);
        Assert.Equal(new long[] { 6, 5, 4, 3 }, s.Total);
        Assert.Equal(1.0, s.BrevityPenalty);
    }

    [Fact]
    public void BleuAppliesTheBrevityPenaltyAndPoolsOverTheCorpus()
    {
        // Perfect n-gram precision, hypothesis 4 tokens vs reference 6: BP = exp(1 - 6/4).
        var s = Bleu.Corpus(["Hello, world."], ["Hello, world. Again!"]);
        Assert.Equal(100 * Math.Exp(-0.5), s.Value, 6);
        Assert.Equal(0, Bleu.Corpus(["x y z"], ["a b c"]).Value);
        var pooled = Bleu.Corpus(["the cat sat on the mat", "Hello, world."], ["the cat is on the mat", "Hello, world. Again!"]);
        Assert.Equal(10, pooled.HypothesisLength);
        Assert.Equal(12, pooled.ReferenceLength);
        Assert.Equal(new long[] { 9, 6, 3, 1 }, pooled.Correct);
    }

    [Fact]
    public void Tokenizer13aSplitsPunctuationLikeMteval()
    {
        Assert.Equal(new[] { "3.5", "-", "year", "deal", ",", "$", "10", "." }, Bleu.Tokenize13a("3.5-year deal, $10."));
        Assert.Equal(new[] { "\"", "a", "&", "b", "\"" }, Bleu.Tokenize13a("&quot;a &amp; b&quot;"));
        Assert.Equal(new[] { "don't", "stop" }, Bleu.Tokenize13a("don't stop"));   // 13a keeps apostrophes
    }

    [Fact]
    public void EntityF1CountsOnlyExactSpans()
    {
        var gold = new[] { new[] { "B-PER", "I-PER", "O", "B-LOC" } };
        var pred = new[] { new[] { "B-PER", "O", "O", "B-LOC" } };
        var r = EntityF1.Compute(pred, gold);
        Assert.Equal(0.5, r.Precision); Assert.Equal(0.5, r.Recall); Assert.Equal(0.5, r.F1);
        Assert.Equal(1.0, r.PerType["LOC"].F1);
        Assert.Equal(0.0, r.PerType["PER"].F1);
        // A stray I- starts an entity (conlleval); a type change splits.
        Assert.Equal(new[] { new EntityF1.Entity("PER", 1, 2), new EntityF1.Entity("LOC", 2, 3) }, EntityF1.Spans(["O", "I-PER", "I-LOC"]));
        Assert.Throws<ArgumentException>(() => EntityF1.Spans(["X-PER"]));
    }

    [Fact]
    public void AccuracyConfusionAndSequenceMetrics()
    {
        Assert.Equal(0.75, Classification.Accuracy([1, 0, 1, 1], [1, 0, 0, 1]));
        var m = Classification.ConfusionMatrix([1, 0, 1, 1], [1, 0, 0, 1], 2);
        Assert.Equal(1, m[0, 0]); Assert.Equal(1, m[0, 1]); Assert.Equal(0, m[1, 0]); Assert.Equal(2, m[1, 1]);
        Assert.Equal(0.5, SequenceAccuracy.ExactMatch<int>([[1, 2], [3]], [[1, 2], [4]]));
        Assert.Equal(2.0 / 3, SequenceAccuracy.TokenAccuracy<int>([[1, 2], [3]], [[1, 9], [3]]), 10);
        Assert.Equal(Math.E, LanguageModelMetrics.Perplexity(1.0), 10);
        Assert.Equal(1.0, LanguageModelMetrics.BitsPerCharacter(10 * Math.Log(2), 10), 10);
    }
}
