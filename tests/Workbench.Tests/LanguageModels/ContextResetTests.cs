using Workbench.Data;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.LanguageModels;

/// <summary>SentenceScorer.MeanNll with carryState false: every window starts from a fresh state, so the mean NLL is
/// the token-weighted mean of each window scored on its own; carried, the state changes later windows' scores.</summary>
public class ContextResetTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 3, 7)]
    [InlineData(CellKind.Gru, 2, 5)]
    [InlineData(CellKind.RnnTanh, 4, 3)]
    public void WithoutCarriedStateEachWindowIsScoredFromScratch(CellKind cell, int batch, int bptt)
    {
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(cell, 12, 6, 10), new Generator(batch * 10 + bptt));
        var rng = new Generator(bptt);
        int[] stream = Enumerable.Range(0, 150).Select(_ => rng.NextInt(12)).ToArray();
        var windows = new LanguageModelStream(stream, batch, bptt).Windows().ToList();
        Assert.True(windows.Count > 3);

        double alone = windows.Sum(w => SentenceScorer.MeanNll(lm, [w]) * w.Targets.Length) / windows.Sum(w => w.Targets.Length);
        double reset = SentenceScorer.MeanNll(lm, windows, carryState: false);
        double carried = SentenceScorer.MeanNll(lm, windows);

        Assert.Equal(alone, reset, 9);
        Assert.True(Math.Abs(carried - reset) > 1e-6, $"carried {carried} vs reset {reset}: the state made no difference");
        // The first window has no history either way: scoring it alone gives the same number both ways.
        Assert.Equal(SentenceScorer.MeanNll(lm, [windows[0]], carryState: false), SentenceScorer.MeanNll(lm, [windows[0]]), 12);
    }
}
