using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Tests.Parity;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.LanguageModels;

/// <summary>The workbench's decoders (greedy, beam, sampling) and scorers drive the TorchSharp model through the same
/// interfaces and, with the same weights, give what they give on the workbench model.</summary>
public class DecodingAndScoringTests
{
    const int Bos = 2, Eos = 3;

    static (RecurrentLanguageModel Wb, TorchLanguageModel Ts) Pair(CellKind cell, int layers, int seed)
    {
        var wb = new RecurrentLanguageModel(new LanguageModelConfig(cell, 14, 6, 10, layers), new Generator(seed));
        return (wb, TorchLanguageModel.From(wb));
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2, 1)]
    [InlineData(CellKind.Gru, 1, 2)]
    [InlineData(CellKind.RnnTanh, 2, 3)]
    public void GreedyBeamAndSamplingAgreeWithTheWorkbenchModel(CellKind cell, int layers, int seed)
    {
        var (wb, ts) = Pair(cell, layers, seed);
        using var _ = ts;
        var g1 = Generate.Greedy(wb, wb.InitialState(), Bos, Eos, 20);
        var g2 = Generate.Greedy(ts, ts.InitialState(), Bos, Eos, 20);
        Assert.Equal(g1.Tokens, g2.Tokens);
        Close.Check(g2.TokenLogProbs.Select(v => (float)v).ToArray(), g1.TokenLogProbs.Select(v => (float)v).ToArray(), "greedy log-probs");

        var beam = new BeamOptions(Width: 4, MaxLength: 12, LengthPenalty: 0.6, NBest: 3);
        var b1 = Generate.BeamSearch(wb, wb.InitialState(), Bos, Eos, beam);
        var b2 = Generate.BeamSearch(ts, ts.InitialState(), Bos, Eos, beam);
        Assert.Equal(b1.Select(h => h.Tokens), b2.Select(h => h.Tokens));
        Close.Check(b2.Select(h => (float)h.Score).ToArray(), b1.Select(h => (float)h.Score).ToArray(), "beam scores");

        var sampling = new SamplingOptions(Temperature: 0.9, TopK: 8);
        const int NoEnd = -1;   // 30 tokens, whatever is drawn
        var s1 = Generate.Sample(wb, wb.InitialState(), Bos, NoEnd, 30, sampling, new Generator(seed + 10));
        var s2 = Generate.Sample(ts, ts.InitialState(), Bos, NoEnd, 30, sampling, new Generator(seed + 10));
        Assert.Equal(s1.Tokens, s2.Tokens);
        Assert.Equal(30, s2.Tokens.Length);
        Assert.True(s1.Tokens.Distinct().Count() > 3, "the sample should not be a few repeated tokens");
    }

    [Fact]
    public void SentenceScoresAndPerplexityAgreeWithTheWorkbench()
    {
        var (wb, ts) = Pair(CellKind.Lstm, 2, 7);
        using var _ = ts;
        int[] sentence = [5, 7, 4, 8, 11, 13];
        var s1 = SentenceScorer.Score(wb, sentence, Bos, Eos);
        var s2 = TorchSentenceScorer.Score(ts, sentence, Bos, Eos);
        Assert.Equal(s1.Tokens.Select(t => t.Id), s2.Tokens.Select(t => t.Id));
        Close.Check(s2.Tokens.Select(t => (float)t.LogProb).ToArray(), s1.Tokens.Select(t => (float)t.LogProb).ToArray(), "token log-probs");

        var stream = Enumerable.Range(0, 200).Select(i => 4 + (i * 7 + i / 3) % 10).ToArray();
        var windows = new Workbench.Data.LanguageModelStream(stream, 3, 9);
        double n1 = SentenceScorer.MeanNll(wb, windows.Windows()), n2 = TorchSentenceScorer.MeanNll(ts, windows.Windows());
        Assert.Equal(n1, n2, 4);
        Assert.InRange(n1, 0.5, 10);
    }
}
