using Workbench.Data;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.LanguageModels;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>Training in both engines from the same weights: one Adam step with gradient clipping gives the same
/// updated weights; a short run through each engine's training loop gives the same losses and weights.</summary>
public class TrainingParityTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 2, 0.5f)]    // clipping active (the gradient norm is well above 0.5)
    [InlineData(CellKind.Gru, 1, 100f)]     // clipping inactive
    [InlineData(CellKind.RnnTanh, 2, 0.5f)]
    public void OneAdamStepWithClippingGivesTheSameWeights(CellKind cell, int layers, float clip)
    {
        var cfg = new LanguageModelConfig(cell, VocabSize: 12, EmbeddingDim: 5, HiddenSize: 8, NumLayers: layers);
        var g = new Generator(9);
        var wb = new RecurrentLanguageModel(cfg, g);
        using var ts = TorchLanguageModel.From(wb);
        int batch = 3, time = 6;
        var ids = Enumerable.Range(0, batch * time).Select(_ => g.NextInt(12)).ToArray();
        var targets = Enumerable.Range(0, batch * time).Select(_ => g.NextInt(12)).ToArray();
        AdamStepParity.Check(wb, ts, clip,
            _ => Functional.CrossEntropy(wb.Forward(ids, batch, time).Logits.Reshape(-1, 12), targets),
            _ => nn.functional.cross_entropy(ts.Forward(ids, batch, time).Logits.reshape(-1, 12), tensor(targets.Select(t => (long)t).ToArray())));
    }

    [Fact]
    public void TheTwoTrainingLoopsGiveTheSameRun()
    {
        var data = TinyCorpus.Dataset();
        var cfg = new LanguageModelConfig(CellKind.Lstm, data.Field.Vocab.Count, EmbeddingDim: 8, HiddenSize: 12);
        var wb = new RecurrentLanguageModel(cfg, new Generator(4));
        using var ts = TorchLanguageModel.From(wb);
        var options = new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 8, Epochs: 2, LearningRate: 0.01f, ClipNorm: 1f);

        var wbRun = LanguageModelTraining.Train(wb, data, options);
        var tsRun = TorchLanguageModelTraining.Train(ts, data, options);

        Assert.Equal(wbRun.StopReason, tsRun.StopReason);
        Assert.Equal(wbRun.Records.Select(r => r.Step), tsRun.Records.Select(r => r.Step));
        Assert.True(wbRun.Records[^1].Step > 10, "the run should take a few steps");
        Close.Check(tsRun.Records.Select(r => (float)r.TrainLoss).ToArray(), wbRun.Records.Select(r => (float)r.TrainLoss).ToArray(), "train losses", 1e-4);
        Close.Check(tsRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), wbRun.Records.Select(r => (float)r.ValidLoss!.Value).ToArray(), "valid losses", 1e-4);
        var trained = Weights.StateDict(ts);
        foreach (var (name, p) in wb.NamedParameters())
            Close.Check(trained[name].ToArray(), p.ToArray(), $"{name} after the run", 1e-4);
    }
}

/// <summary>A small character corpus for training tests.</summary>
static class TinyCorpus
{
    public static LanguageModelDataset Dataset()
    {
        string[] lines = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog", "on the mat sat the cat"];
        var field = Datasets.FieldBuilder(TokenLevel.Char)(lines);
        int[] Stream(int repeat, int offset) => Enumerable.Range(0, repeat).SelectMany(i => field.Encode(lines[(i + offset) % lines.Length] + "\n")).ToArray();
        return new LanguageModelDataset("tiny", "four sentences", field, Stream(12, 0), Stream(4, 1), Stream(4, 2));
    }
}
