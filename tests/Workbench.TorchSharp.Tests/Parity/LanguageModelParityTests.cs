using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.LanguageModels;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>The recurrent language model in both engines with the same weights: logits, loss, final state and every
/// parameter gradient agree within 1e-5 relative.</summary>
public class LanguageModelParityTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 2, 3, 7, false)]
    [InlineData(CellKind.Gru, 2, 4, 5, true)]
    [InlineData(CellKind.RnnTanh, 1, 2, 9, false)]
    [InlineData(CellKind.RnnRelu, 3, 3, 4, true)]
    [InlineData(CellKind.Lstm, 1, 5, 6, true)]
    public void SameWeightsGiveTheSameLogitsLossStateAndGradients(CellKind cell, int layers, int batch, int time, bool withState)
    {
        var cfg = new LanguageModelConfig(cell, VocabSize: 13, EmbeddingDim: 6, HiddenSize: 9, NumLayers: layers);
        var g = new Generator(17 + layers);
        var wb = new RecurrentLanguageModel(cfg, g);
        using var ts = TorchLanguageModel.From(wb);
        var ids = Enumerable.Range(0, batch * time).Select(_ => g.NextInt(cfg.VocabSize)).ToArray();
        var targets = Enumerable.Range(0, batch * time).Select(_ => g.NextInt(cfg.VocabSize)).ToArray();
        LanguageModelState? wbState = withState ? RandomState(cfg, batch, g) : null;
        using var tsState = wbState is null ? null : new TorchLanguageModelState(wbState.H.ToTorch(), wbState.C?.ToTorch());

        var (wbLogits, wbNext) = wb.Forward(ids, batch, time, wbState);
        var wbLoss = Functional.CrossEntropy(wbLogits.Reshape(-1, cfg.VocabSize), targets);
        wbLoss.Backward();

        var (tsLogits, tsNext) = ts.Forward(ids, batch, time, tsState);
        var tsLoss = nn.functional.cross_entropy(tsLogits.reshape(-1, cfg.VocabSize), tensor(targets.Select(t => (long)t).ToArray()));
        tsLoss.backward();

        Close.Check(tsLogits.ToFloatArray(), wbLogits.ToArray(), "logits");
        Close.Check([tsLoss.item<float>()], [wbLoss.Item()], "loss");
        Close.Check(tsNext.H.ToFloatArray(), wbNext.H.ToArray(), "h_n");
        if (cell == CellKind.Lstm) Close.Check(tsNext.C!.ToFloatArray(), wbNext.C!.ToArray(), "c_n");
        AssertSameGradients(wb, ts);
    }

    [Fact]
    public void DropoutAsConfiguredActsInTrainingModeOnly()
    {
        var cfg = new LanguageModelConfig(CellKind.Lstm, VocabSize: 13, EmbeddingDim: 6, HiddenSize: 9, NumLayers: 2, Dropout: 0.5f);
        var wb = new RecurrentLanguageModel(cfg, new Generator(1));
        using var ts = TorchLanguageModel.From(wb);
        int[] ids = [1, 5, 7, 2, 12, 0, 3, 3];
        wb.Eval();
        ts.eval();
        var evalLogits = ts.Forward(ids, 2, 4).Logits.ToFloatArray();
        Close.Check(evalLogits, wb.Forward(ids, 2, 4).Logits.ToArray(), "eval-mode logits");
        ts.train();
        var a = ts.Forward(ids, 2, 4).Logits.ToFloatArray();
        var b = ts.Forward(ids, 2, 4).Logits.ToFloatArray();
        Assert.True(Close.RelativeError(a, evalLogits) > 1e-2, "training mode should drop units");
        Assert.True(Close.RelativeError(a, b) > 1e-2, "each training forward draws new masks");
    }

    internal static LanguageModelState RandomState(LanguageModelConfig cfg, int batch, Generator g)
    {
        WbTensor Random() => Init.Uniform(WbTensor.Zeros(cfg.NumLayers, batch, cfg.HiddenSize), -0.5f, 0.5f, g);
        return new LanguageModelState(Random(), cfg.Cell == CellKind.Lstm ? Random() : null);
    }

    /// <summary>Every parameter of both models, by name, has a gradient and the two agree.</summary>
    internal static void AssertSameGradients(Workbench.NN.Module wb, nn.Module ts)
    {
        var tsParams = ts.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var wbParams = wb.NamedParameters().ToList();
        Assert.Equal(wbParams.Select(p => p.Name).Order(), tsParams.Keys.Order());
        foreach (var (name, p) in wbParams)
        {
            Assert.True(p.Grad is not null, $"{name}: the workbench model has no gradient");
            var tg = tsParams[name].grad;
            Assert.True(tg is not null, $"{name}: the TorchSharp model has no gradient");
            Close.Check(tg!.ToFloatArray(), p.Grad!.ToArray(), $"gradient of {name}");
        }
    }
}
