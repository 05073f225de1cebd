using Workbench.Decoding;
using Workbench.Tensors;

namespace Workbench.Tests.Decoding;

/// <summary>A first-order Markov chain as a step decoder: the state of a row is its last token.</summary>
sealed class MarkovChain(double[,] p) : IStepDecoder<int[]>
{
    public int VocabSize => p.GetLength(1);
    public (float[] LogProbs, int[] State) Step(int[] state, int[] tokens)
    {
        var lp = new float[tokens.Length * VocabSize];
        for (int r = 0; r < tokens.Length; r++)
            for (int v = 0; v < VocabSize; v++) lp[r * VocabSize + v] = (float)Math.Log(p[tokens[r], v]);
        return (lp, tokens);
    }
    public int[] Select(int[] state, int[] rows) => rows.Select(r => state[r]).ToArray();
}

public class DecodingTests
{
    const int Bos = 0, Eos = 1, A = 2, B = 3;
    // From <bos>: a 0.6, b 0.4. From a: nearly uniform. From b: <eos> 0.9.
    internal static readonly MarkovChain Chain = new(new double[,]
    {
        { 1e-9, 1e-9, 0.6, 0.4 },
        { 0.25, 0.25, 0.25, 0.25 },
        { 1e-9, 0.35, 0.33, 0.32 },
        { 1e-9, 0.9, 0.05, 0.05 },
    });

    /// <summary>A chain with random transition rows (each entry at least <paramref name="floor"/> before normalising).</summary>
    internal static (MarkovChain Chain, double[,] P) RandomChain(Generator rng, int v, double floor)
    {
        var p = new double[v, v];
        for (int i = 0; i < v; i++)
        {
            double s = 0;
            for (int j = 0; j < v; j++) s += p[i, j] = floor + rng.NextDouble();
            for (int j = 0; j < v; j++) p[i, j] /= s;
        }
        return (new MarkovChain(p), p);
    }

    [Fact]
    public void GreedyTakesTheLocallyBestTokenAndBeamFindsTheBetterSequence()
    {
        var g = Generate.Greedy(Chain, new[] { 0 }, Bos, Eos, 5);
        Assert.Equal(new[] { A, Eos }, g.Tokens);
        Assert.Equal(Math.Log(0.6 * 0.35), g.LogProb, 5);
        var beam = Generate.BeamSearch(Chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 5, NBest: 2));
        Assert.Equal(new[] { B, Eos }, beam[0].Tokens);
        Assert.Equal(Math.Log(0.4 * 0.9), beam[0].LogProb, 5);
        Assert.True(beam[0].Score >= beam[1].Score);
        Assert.True(beam[0].Finished);
    }

    [Fact]
    public void WideBeamFindsTheBruteForceOptimum()
    {
        int v = 5;
        var (chain, p) = RandomChain(new Generator(11), v, floor: 0.05);
        // Brute force over every sequence of length <= 3 that ends in <eos> (and has no earlier <eos>).
        double best = double.NegativeInfinity;
        void Walk(int last, double lp, int len)
        {
            for (int t = 0; t < v; t++)
            {
                double l = lp + Math.Log(p[last, t]);
                if (t == Eos) best = Math.Max(best, l);
                else if (len + 1 < 3) Walk(t, l, len + 1);
            }
        }
        Walk(Bos, 0, 0);
        var beam = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 25, MaxLength: 3, NBest: 1));
        Assert.Equal(best, beam[0].LogProb, 5);
    }

    [Fact]
    public void WidthOneIsGreedyAndFinishedHypothesesOutrankCutOffOnes()
    {
        var rng = new Generator(21);
        for (int trial = 0; trial < 50; trial++)
        {
            var (chain, _) = RandomChain(rng, v: 6, floor: 0.02);
            var greedy = Generate.Greedy(chain, new[] { 0 }, Bos, Eos, 8);
            var beam1 = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 1, MaxLength: 8));
            Assert.Equal(greedy.Tokens, beam1[0].Tokens);
            var beam4 = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 4, MaxLength: 8, NBest: 4));
            // Once one hypothesis finished, no cut-off prefix may rank above it.
            int firstCut = beam4.ToList().FindIndex(h => !h.Finished);
            if (firstCut >= 0) Assert.All(beam4.Skip(firstCut), h => Assert.False(h.Finished));
            Assert.True(beam4[0].Finished || beam4.All(h => !h.Finished));
        }
    }

    [Fact]
    public void LengthPenaltyFavoursLongerHypotheses()
    {
        var o0 = Generate.BeamSearch(Chain, new[] { 0 }, Bos, Eos, new BeamOptions(4, 6, 0.0, 4));
        var o2 = Generate.BeamSearch(Chain, new[] { 0 }, Bos, Eos, new BeamOptions(4, 6, 2.0, 4));
        Assert.True(o2.Average(h => h.Tokens.Length) >= o0.Average(h => h.Tokens.Length));
        Assert.All(o2, h => Assert.Equal(h.LogProb / Math.Pow((5.0 + h.Tokens.Length) / 6, 2.0), h.Score, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeamOptions(Width: 2, NBest: 3).Validate());
    }

    [Fact]
    public void SamplingDistributionHonoursTemperatureTopKTopPAndBans()
    {
        float[] lp = [.. new[] { 0.5, 0.3, 0.15, 0.05 }.Select(x => (float)Math.Log(x))];
        var k2 = Sampling.Distribution(lp, new SamplingOptions(TopK: 2));
        Assert.Equal(new[] { 0.625, 0.375, 0, 0 }, k2.Select(x => Math.Round(x, 6)));
        var p9 = Sampling.Distribution(lp, new SamplingOptions(TopP: 0.9));   // 0.5 + 0.3 + 0.15 reaches 0.9
        Assert.Equal(0, p9[3]);
        Assert.Equal(0.15 / 0.95, p9[2], 6);
        var banned = Sampling.Distribution(lp, new SamplingOptions(Banned: [0]));
        Assert.Equal(0, banned[0]);
        Assert.Equal(0.6, banned[1], 6);
        var cold = Sampling.Distribution(lp, new SamplingOptions(Temperature: 0.5));   // p^2 renormalised
        Assert.Equal(0.25 / (0.25 + 0.09 + 0.0225 + 0.0025), cold[0], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.Distribution(lp, new SamplingOptions(Temperature: 0)));
    }

    [Fact]
    public void SampledFrequenciesMatchTheDistributionAndTheSeedFixesTheDraws()
    {
        float[] lp = [.. new[] { 0.5, 0.3, 0.15, 0.05 }.Select(x => (float)Math.Log(x))];
        var g = new Generator(5);
        var counts = new int[4];
        for (int i = 0; i < 40_000; i++) counts[Sampling.Sample(lp, new SamplingOptions(), g)]++;
        Assert.InRange(counts[0] / 40_000.0, 0.49, 0.51);
        Assert.InRange(counts[3] / 40_000.0, 0.045, 0.055);
        var a = Generate.Sample(Chain, new[] { 0 }, Bos, Eos, 10, new SamplingOptions(), new Generator(3));
        var b = Generate.Sample(Chain, new[] { 0 }, Bos, Eos, 10, new SamplingOptions(), new Generator(3));
        Assert.Equal(a.Tokens, b.Tokens);
    }
}
