using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Tests.Parity;
using Workbench.TorchSharp.Training;
using Workbench.Training;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Training;

/// <summary>The TorchSharp training loop keeps the workbench loop's options: max steps, clipping, schedule, early
/// stopping, the NaN guard and a callback per evaluation; and a seed reproduces a run exactly.</summary>
public class TorchTrainerTests
{
    static TorchLanguageModel Model(float dropout = 0f, int seed = 1) =>
        new(new LanguageModelConfig(CellKind.Gru, TinyCorpus.Dataset().Field.Vocab.Count, 8, 16, NumLayers: 2, Dropout: dropout), new Generator(seed));

    [Fact]
    public void TrainingLowersTheLossAndCallsBackOncePerEpoch()
    {
        var data = TinyCorpus.Dataset();
        using var model = Model();
        var seen = new List<EpochRecord>();
        var samples = new List<string>();
        var run = TorchLanguageModelTraining.Train(model, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 6, LearningRate: 0.02f, SampleLength: 15),
            onEpoch: seen.Add, onSample: (_, text) => samples.Add(text));
        Assert.Equal(6, run.Records.Count);
        Assert.Equal(run.Records, seen);
        Assert.Equal(6, samples.Count);
        Assert.Equal("completed 6 epochs", run.StopReason);
        Assert.True(run.Records[^1].TrainLoss < 0.6 * run.Records[0].TrainLoss, $"train loss {run.Records[0].TrainLoss:F3} -> {run.Records[^1].TrainLoss:F3}");
        Assert.True(run.Records[^1].ValidLoss < run.Records[0].ValidLoss);
        Assert.All(run.Records, r => Assert.True(r.GradNorm > 0));
        Assert.True(model.training, "training mode is restored after validation and sampling");
    }

    [Fact]
    public void MaxStepsStopsTheRunAndTheSchedulerSetsTheRate()
    {
        var data = TinyCorpus.Dataset();
        using var model = Model();
        var adam = optim.Adam(model.parameters(), 0.01);
        var schedule = optim.lr_scheduler.StepLR(adam, 1, 0.5);
        var run = TorchLanguageModelTraining.Train(model, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 10, MaxSteps: 11),
            scheduler: schedule, optimizer: adam);
        Assert.Equal("reached 11 steps", run.StopReason);
        Assert.Equal(11, run.Records[^1].Step);
        Assert.Equal(0.01, run.Records[0].LearningRate, 9);   // recorded before the epoch's schedule step
        Assert.Equal(0.005, run.Records[1].LearningRate, 9);
    }

    [Fact]
    public void EarlyStoppingEndsARunThatStopsImproving()
    {
        var data = TinyCorpus.Dataset();
        using var model = Model();
        // A learning rate this large makes validation worse after the first epochs.
        var run = TorchLanguageModelTraining.Train(model, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 40, LearningRate: 0.05f, Patience: 2));
        Assert.StartsWith("early stop: no validation improvement in 2 epochs", run.StopReason);
        Assert.True(run.Records.Count < 40);
        var best = run.Records.Select(r => r.ValidLoss!.Value).Min();
        Assert.True(run.Records[^1].ValidLoss > best && run.Records[^2].ValidLoss > best);
    }

    [Fact]
    public void ANonFiniteLossStopsBeforeTheWeightsChange()
    {
        using var model = Model();
        var before = Weights.StateDict(model);
        var trainer = new TorchTrainer(model, optim.Adam(model.parameters(), 0.01), new TrainerOptions(Epochs: 1));
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(_ => new[] { 1, 2 }, step =>
        {
            var (logits, _) = model.Forward([4, 5, 6], 1, 3);
            return new TorchStepLoss(step == 1 ? logits.sum() : logits.sum() * double.NaN, 3);
        }));
        Assert.Contains("step 2: loss is NaN", e.Message);
        Assert.Equal(1, trainer.Step);
        Assert.NotEqual(before["fc.bias"].ToArray(), Weights.StateDict(model)["fc.bias"].ToArray());   // step 1 did update

        var afterFirst = Weights.StateDict(model);
        var infGrad = Assert.Throws<TrainingDivergedException>(() => new TorchTrainer(model, optim.Adam(model.parameters(), 0.01), new TrainerOptions(Epochs: 1, ClipNorm: 1f))
            .Fit(_ => new[] { 1 }, _ =>
            {
                var (logits, _) = model.Forward([4, 5, 6], 1, 3);
                return new TorchStepLoss(logits.sum() + NonFiniteGradient(model.parameters().First()), 3);
            }));
        Assert.Contains("gradient norm", infGrad.Message);
        foreach (var (name, t) in Weights.StateDict(model)) Assert.Equal(afterFirst[name].ToArray(), t.ToArray());
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.4, 0.6, 0.7 }, 2)]
    [InlineData(new[] { 0.3, 0.4, 0.5, 0.6 }, 1)]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6 }, 4)]
    public void RestoreBestLoadsBackTheWeightsOfTheBestValidationEpoch(double[] valid, int bestEpoch)
    {
        using var model = Model();
        var afterEpoch = new List<Dictionary<string, Workbench.Tensors.Tensor>>();
        int calls = 0;
        var history = new TorchTrainer(model, optim.Adam(model.parameters(), 0.01), new TrainerOptions(Epochs: valid.Length, RestoreBest: true))
            .Fit(_ => new[] { 1, 2 }, _ =>
                {
                    var (logits, _) = model.Forward([4, 5, 6], 1, 3);
                    return new TorchStepLoss(logits.sum(), 3);
                },
                validate: () => valid[calls++], onEpoch: _ => afterEpoch.Add(Weights.StateDict(model)));
        Assert.Equal(bestEpoch, history.WeightsEpoch);
        var now = Weights.StateDict(model);
        foreach (var (name, t) in afterEpoch[bestEpoch - 1]) Assert.Equal(t.ToArray(), now[name].ToArray());
        if (bestEpoch < valid.Length)
        {
            Assert.NotEqual(afterEpoch[^1]["fc.bias"].ToArray(), now["fc.bias"].ToArray());
            Assert.Contains($"restored the weights of epoch {bestEpoch}", history.StopReason);
        }
    }

    /// <summary>Adds 0 to the loss but NaN to the gradient of <paramref name="p"/> (sqrt has an infinite slope at 0).</summary>
    static Tensor NonFiniteGradient(Tensor p) => (p * 0).abs().sum().sqrt();

    [Fact]
    public void TheSameSeedsReproduceARunExactly_DropoutIncluded()
    {
        var data = TinyCorpus.Dataset();
        float[] Run()
        {
            manual_seed(5);   // dropout masks come from TorchSharp's generator
            using var model = Model(dropout: 0.3f, seed: 2);
            TorchLanguageModelTraining.Train(model, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 2, LearningRate: 0.01f));
            return Weights.StateDict(model).OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray()).ToArray();
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a, b);
        manual_seed(6);
        using var other = Model(dropout: 0.3f, seed: 2);
        TorchLanguageModelTraining.Train(other, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 2, LearningRate: 0.01f));
        Assert.NotEqual(a, Weights.StateDict(other).OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray()).ToArray());
    }
}
