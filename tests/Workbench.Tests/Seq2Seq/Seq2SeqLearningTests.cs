using System.Diagnostics;
using Workbench.Decoding;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Xunit.Abstractions;

namespace Workbench.Tests.Seq2Seq;

/// <summary>One reverse-task model with general attention, trained once for the tests that read it. A plain tanh RNN
/// is used on purpose: a GRU or LSTM encoder output also carries its neighbours' tokens, so those models often
/// solve the task while attending one position off, and the alignment test would not be about attention.</summary>
public sealed class ReverseTaskModel
{
    public Seq2SeqModel Model { get; }
    public double Seconds { get; }

    public ReverseTaskModel()
    {
        var clock = Stopwatch.StartNew();
        Model = ToyTasks.Train(ToyTasks.Config(CellKind.RnnTanh, AttentionKind.General), ToyTasks.Reverse, epochs: 12, seed: 5);
        Seconds = clock.Elapsed.TotalSeconds;
    }
}

public class Seq2SeqLearningTests(ReverseTaskModel reverse, ITestOutputHelper output) : IClassFixture<ReverseTaskModel>
{
    static readonly List<(int[] Source, int[] Target)> ReverseTest = ToyTasks.Pairs(new Generator(1234), 60, ToyTasks.Reverse);

    [Fact]
    public void LearnsTheCopyTask()
    {
        var clock = Stopwatch.StartNew();
        var model = ToyTasks.Train(ToyTasks.Config(CellKind.RnnTanh, AttentionKind.Dot), ToyTasks.Copy, epochs: 12, seed: 3);
        double em = ToyTasks.ExactMatch(model, ToyTasks.Pairs(new Generator(99), 60, ToyTasks.Copy));
        output.WriteLine($"copy: exact match {em:P1} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(em >= 0.9, $"copy task exact match {em:P1}");
    }

    [Fact]
    public void LearnsTheReverseTask()
    {
        double em = ToyTasks.ExactMatch(reverse.Model, ReverseTest);
        output.WriteLine($"reverse: exact match {em:P1}; training took {reverse.Seconds:F1} s");
        Assert.True(em >= 0.9, $"reverse task exact match {em:P1}");
    }

    [Fact]
    public void AttentionOnTheReverseTaskLooksAtTheMirroredPosition()
    {
        int aligned = 0, total = 0;
        foreach (var (src, tgt) in ReverseTest)
        {
            var m = reverse.Model.Align(src, tgt)!;
            Assert.Equal(tgt.Length, m.GetLength(0));
            Assert.Equal(src.Length, m.GetLength(1));
            for (int i = 0; i < tgt.Length; i++)
            {
                int argmax = Enumerable.Range(0, src.Length).MaxBy(j => m[i, j]);
                if (argmax == src.Length - 1 - i) aligned++;
                total++;
            }
        }
        output.WriteLine($"mirrored alignment: {aligned}/{total}");
        Assert.True(aligned >= 0.9 * total, $"only {aligned} of {total} output tokens attend most to the mirrored source token");
    }

    [Fact]
    public void BeamSearchReturnsSortedHypothesesAtLeastAsLikelyAsGreedy()
    {
        foreach (var (src, tgt) in ReverseTest.Take(15))
        {
            var greedy = reverse.Model.Translate(src, maxLength: 10).Best;
            var beam = reverse.Model.Translate(src, new BeamOptions(Width: 4, MaxLength: 10, NBest: 4));
            Assert.Equal(4, beam.Hypotheses.Count);
            for (int i = 1; i < beam.Hypotheses.Count; i++)
                Assert.True(beam.Hypotheses[i - 1].Score >= beam.Hypotheses[i].Score);
            Assert.True(beam.Best.LogProb >= greedy.LogProb - 1e-6, $"beam {beam.Best.LogProb} < greedy {greedy.LogProb}");
            // Scores are the sums of per-token log-probabilities, which the step decoder reproduces.
            Assert.Equal(beam.Best.TokenLogProbs.Sum(), beam.Best.LogProb, 6);
            Assert.NotNull(beam.AttentionWeights);
            Assert.Equal(beam.Best.Tokens.Length, beam.AttentionWeights!.GetLength(0));
        }
    }

    [Fact]
    public void TrainingIsDeterministicForAFixedSeed()
    {
        var cfg = ToyTasks.Config(CellKind.Gru, AttentionKind.General, 16) with { ReverseSource = true, InputFeeding = true };
        var a = ToyTasks.Train(cfg, ToyTasks.Reverse, epochs: 1, batchesPerEpoch: 4, seed: 8);
        var b = ToyTasks.Train(cfg, ToyTasks.Reverse, epochs: 1, batchesPerEpoch: 4, seed: 8);
        foreach (var (name, p) in a.NamedParameters())
            Assert.True(p.Values.SequenceEqual(b.StateDict()[name].Values), $"parameter {name} differs between two runs with the same seed");
        var src = new[] { 3, 4, 5, 6 };
        Assert.Equal(a.Translate(src).Best.Tokens, b.Translate(src).Best.Tokens);
    }
}
