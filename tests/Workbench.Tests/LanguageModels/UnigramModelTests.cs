using Workbench.LanguageModels;

namespace Workbench.Tests.LanguageModels;

public class UnigramModelTests
{
    [Fact]
    public void AddOneProbabilitiesAndPerplexityMatchHandWorkedNumbers()
    {
        // Train [4, 4, 5], V = 6, k = 1: N + kV = 9, so P(4) = 3/9, P(5) = 2/9, and every unseen id 1/9.
        var m = new UnigramModel([4, 4, 5], vocabSize: 6);
        Assert.Equal(Math.Log(3.0 / 9), m.LogProb(4), 12);
        Assert.Equal(Math.Log(2.0 / 9), m.LogProb(5), 12);
        Assert.Equal(Math.Log(1.0 / 9), m.LogProb(0), 12);
        // Valid [4, 5, 0]: perplexity = (1/3 · 2/9 · 1/9)^(−1/3) = 121.5^(1/3).
        Assert.Equal(Math.Cbrt(121.5), m.Perplexity([4, 5, 0]), 10);
        Assert.Equal(-(Math.Log(1.0 / 3) + Math.Log(2.0 / 9) + Math.Log(1.0 / 9)) / 3, m.MeanNll([4, 5, 0]), 12);
    }

    [Theory]
    [InlineData(2, 0.5, 7)]
    [InlineData(10, 1.0, 3)]
    [InlineData(50, 0.01, 11)]
    public void ProbabilitiesSumToOne(int vocab, double k, int seed)
    {
        var rng = new Random(seed);
        var train = Enumerable.Range(0, 200).Select(_ => rng.Next(vocab)).ToArray();
        var m = new UnigramModel(train, vocab, k);
        Assert.Equal(1.0, Enumerable.Range(0, vocab).Sum(id => Math.Exp(m.LogProb(id))), 10);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1759)]
    public void WithNoTrainingTextItIsTheUniformModelOfPerplexityV(int vocab)
    {
        var m = new UnigramModel([], vocab);
        Assert.Equal(vocab, m.Perplexity([0, vocab - 1, vocab / 2]), 6);
    }

    [Fact]
    public void WithoutSmoothingItIsTheMaximumLikelihoodEstimate()
    {
        var m = new UnigramModel([1, 2, 2, 3], vocabSize: 5, addK: 0);
        Assert.Equal(Math.Log(0.5), m.LogProb(2), 12);
        Assert.Equal(double.NegativeInfinity, m.LogProb(4));
    }

    [Fact]
    public void BadInputIsRefusedByName()
    {
        Assert.Contains("token 2 of the training stream is id 9", Assert.Throws<ArgumentOutOfRangeException>(() => new UnigramModel([1, 2, 9], 5)).Message);
        Assert.Contains("id 7", Assert.Throws<ArgumentOutOfRangeException>(() => new UnigramModel([1], 5).MeanNll([7])).Message);
        Assert.Throws<ArgumentException>(() => new UnigramModel([1], 5).MeanNll([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnigramModel([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnigramModel([1], 5, addK: -1));
    }
}
