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
        var wbParams = wb.Parameters().ToArray();
        var wbAdam = new Adam(wbParams, 0.01f);
        var tsParams = ts.parameters().ToArray();
        var tsAdam = optim.Adam(tsParams, 0.01);
        var before = Weights.StateDict(ts);

        for (int step = 0; step < 2; step++)
        {
            wbAdam.ZeroGrad();
            wb.Loss(batch, ratio, new Generator(step)).Loss.Backward();
            float wbNorm = GradClip.ClipGradNorm(wbParams, clip);
            wbAdam.Step();

            tsAdam.zero_grad();
            ts.Loss(batch, ratio, new Generator(step)).Loss.backward();
            double tsNorm = nn.utils.clip_grad_norm_(tsParams, clip);
            tsAdam.step();

            Close.Check([(float)tsNorm], [wbNorm], $"gradient norm before clipping, step {step + 1}");
            var after = Weights.StateDict(ts);
            foreach (var (name, p) in wb.NamedParameters())
            {
                Close.Check(after[name].ToArray(), p.ToArray(), $"{name} after step {step + 1}");
                Assert.NotEqual(before[name].ToArray(), after[name].ToArray());   // the step moved it
            }
        }
    }

    [Fact]
    public void TheTwoTrainingLoopsGiveTheSameRun()
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
        var wbRun = Seq2SeqTraining.Train(wb, train, valid, options, new Generator(11), onStep: s => wbSteps.Add(s.Loss));
        var tsRun = TorchSeq2SeqTraining.Train(ts, train, valid, options, new Generator(11), onStep: s => tsSteps.Add(s.Loss));

        Assert.Equal(wbRun.StopReason, tsRun.StopReason);
        Assert.Equal(12, wbSteps.Count);
        Assert.Equal(wbRun.Records.Select(r => r.Step), tsRun.Records.Select(r => r.Step));
        Close.Check(tsSteps.Select(v => (float)v).ToArray(), wbSteps.Select(v => (float)v).ToArray(), "step losses", 1e-4);
        Close.Check(tsRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), wbRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), "valid losses", 1e-4);
        Assert.True(wbRun.Records[^1].ValidLoss < wbRun.Records[0].ValidLoss, "three epochs should lower the validation loss");
        var trained = Weights.StateDict(ts);
        foreach (var (name, p) in wb.NamedParameters())
            Close.Check(trained[name].ToArray(), p.ToArray(), $"{name} after the run", 1e-4);
    }

    static int[] Lengths(Generator g, int count, int min, int max) => Enumerable.Range(0, count).Select(_ => min + g.NextInt(max - min + 1)).ToArray();
}
