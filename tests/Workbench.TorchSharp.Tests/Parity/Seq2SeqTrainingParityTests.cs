using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Seq2Seq;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>Training the encoder-decoder in both engines from the same weights: one Adam step with gradient clipping
/// gives the same updated weights; a short run through each engine's training loop (reshuffled pairs, a decaying
/// teacher-forcing ratio, validation) gives the same losses and weights.</summary>
public class Seq2SeqTrainingParityTests
{
    [Theory]
    [InlineData(CellKind.Lstm, true, AttentionKind.Additive, 0.5f, 1.0)]   // clipping active (the gradient norm is well above 0.5)
    [InlineData(CellKind.Gru, false, AttentionKind.Dot, 100f, 0.5)]       // clipping inactive
    [InlineData(CellKind.RnnTanh, true, AttentionKind.General, 0.5f, 0.0)]
    public void OneAdamStepWithClippingGivesTheSameWeights(CellKind cell, bool bidirectional, AttentionKind attention, float clip, double ratio)
    {
        var g = new Generator(31);
        var wb = Seq2SeqParityTests.Model(Seq2SeqParityTests.Config(cell, 2, bidirectional, attention, inputFeeding: attention == AttentionKind.Dot), g);
        using var ts = TorchSeq2SeqModel.From(wb);
        var batch = Seq2SeqBatch.Create(Seq2SeqParityTests.Pairs(g, [6, 3, 4], [2, 5, 4]), wb.Config.PadId, wb.Config.EosId);
        AdamStepParity.Check(wb, ts, clip,
            step => wb.Loss(batch, ratio, new Generator(step)).Loss,
            step => ts.Loss(batch, ratio, new Generator(step)).Loss);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // with a learning-rate schedule: the workbench's StepLR and TorchSharp's, halving every epoch
    public void TheTwoTrainingLoopsGiveTheSameRun(bool scheduled)
    {
        var g = new Generator(8);
        var train = Seq2SeqParityTests.Pairs(g, Lengths(g, 40, 2, 7), Lengths(g, 40, 1, 6));
        var valid = Seq2SeqParityTests.Pairs(g, Lengths(g, 10, 2, 7), Lengths(g, 10, 1, 6));
        var wb = new Seq2SeqModel(Seq2SeqParityTests.Config(CellKind.Gru, 1, true, AttentionKind.Additive), new Generator(4));
        using var ts = TorchSeq2SeqModel.From(wb);
        var options = new Seq2SeqTrainingOptions(Epochs: 3, BatchSize: 8, LearningRate: 0.01f, ClipNorm: 1f,
            TeacherForcing: TeacherForcing.Linear(1.0, 0.0, 3), MaxBatchesPerEpoch: 4);

        var wbSteps = new List<double>();
        var tsSteps = new List<double>();
        var wbRun = Seq2SeqTraining.Train(wb, train, valid, scheduled ? options with { Schedule = opt => new StepLR(opt, 1, 0.5f) } : options,
            new Generator(11), onStep: s => wbSteps.Add(s.Loss));
        var tsRun = TorchSeq2SeqTraining.Train(ts, train, valid, options, new Generator(11), onStep: s => tsSteps.Add(s.Loss),
            schedule: scheduled ? opt => optim.lr_scheduler.StepLR(opt, 1, 0.5) : null);

        Assert.Equal(wbRun.StopReason, tsRun.StopReason);
        Assert.Equal(12, wbSteps.Count);
        Assert.Equal(wbRun.Records.Select(r => r.Step), tsRun.Records.Select(r => r.Step));
        double[] rates = scheduled ? [0.01, 0.005, 0.0025] : [0.01, 0.01, 0.01];   // recorded before each epoch's schedule step
        Assert.Equal(rates, wbRun.Records.Select(r => Math.Round(r.LearningRate, 9)));
        Assert.Equal(rates, tsRun.Records.Select(r => Math.Round(r.LearningRate, 9)));
        Close.Check(tsSteps.Select(v => (float)v).ToArray(), wbSteps.Select(v => (float)v).ToArray(), "step losses", 1e-4);
        Close.Check(tsRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), wbRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), "valid losses", 1e-4);
        Assert.True(wbRun.Records[^1].ValidLoss < wbRun.Records[0].ValidLoss, "three epochs should lower the validation loss");
        var trained = Weights.StateDict(ts);
        foreach (var (name, p) in wb.NamedParameters())
            Close.Check(trained[name].ToArray(), p.ToArray(), $"{name} after the run", 1e-4);
    }

    [Fact]
    public void AWorkbenchScheduleIsRefusedNotIgnored()
    {
        var wb = new Seq2SeqModel(Seq2SeqParityTests.Config(CellKind.Gru, 1, false, AttentionKind.None), new Generator(4));
        using var ts = TorchSeq2SeqModel.From(wb);
        var pairs = Seq2SeqParityTests.Pairs(new Generator(1), [3, 4], [2, 3]);
        var options = new Seq2SeqTrainingOptions(Epochs: 1, BatchSize: 2, Schedule: opt => new StepLR(opt, 1));
        var before = Weights.StateDict(ts)["decoder.embedding.weight"].ToArray();
        var e = Assert.Throws<ArgumentException>(() => TorchSeq2SeqTraining.Train(ts, pairs, null, options, new Generator(2)));
        Assert.Contains("options.Schedule", e.Message);
        Assert.Contains("schedule: opt => optim.lr_scheduler", e.Message);
        Assert.Equal(before, Weights.StateDict(ts)["decoder.embedding.weight"].ToArray());   // refused before any step
    }

    static int[] Lengths(Generator g, int count, int min, int max) => Enumerable.Range(0, count).Select(_ => min + g.NextInt(max - min + 1)).ToArray();
}
