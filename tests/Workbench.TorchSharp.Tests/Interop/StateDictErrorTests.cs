using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.LanguageModels;
using Generator = Workbench.Tensors.Generator;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Tests.Interop;

/// <summary>A state dict that does not fit is refused with the tensor's name and the shapes, in both directions,
/// and nothing is half-loaded.</summary>
public class StateDictErrorTests
{
    static readonly LanguageModelConfig Config = new(CellKind.Lstm, 10, 4, 6);

    static Dictionary<string, WbTensor> GoodState() => new RecurrentLanguageModel(Config, new Generator(1)).StateDict();

    [Fact]
    public void AMissingTensorIsNamedWithTheShapeTheModelNeeds()
    {
        using var ts = new TorchLanguageModel(Config, new Generator(2));
        var state = GoodState();
        state.Remove("rnn.bias_hh_l0");
        var e = Assert.Throws<ArgumentException>(() => Weights.Load(ts, state));
        Assert.Contains("'rnn.bias_hh_l0' [24] is missing", e.Message);
        Assert.Contains("TorchLanguageModel", e.Message);
    }

    [Fact]
    public void AnExtraTensorIsNamedWithItsShape()
    {
        using var ts = new TorchLanguageModel(Config, new Generator(2));
        var state = GoodState();
        state["rnn.weight_ih_l1"] = WbTensor.Zeros(24, 6);
        var e = Assert.Throws<ArgumentException>(() => Weights.Load(ts, state));
        Assert.Contains("'rnn.weight_ih_l1' [24, 6] is not a tensor of the model", e.Message);
    }

    [Fact]
    public void AWronglyShapedTensorIsNamedWithBothShapesAndNothingIsLoaded()
    {
        using var ts = new TorchLanguageModel(Config, new Generator(2));
        var before = Weights.StateDict(ts);
        var state = GoodState();
        state["fc.weight"] = WbTensor.Zeros(10, 7);
        var e = Assert.Throws<ArgumentException>(() => Weights.Load(ts, state));
        Assert.Contains("'fc.weight' is [10, 7] in the state dict but [10, 6] in the model", e.Message);
        foreach (var (name, t) in Weights.StateDict(ts)) Assert.Equal(before[name].ToArray(), t.ToArray());
    }

    [Fact]
    public void TorchToWorkbenchChecksTheSameWay()
    {
        using var ts = new TorchLanguageModel(Config with { HiddenSize = 5 }, new Generator(2));
        var wb = new RecurrentLanguageModel(Config, new Generator(3));
        var e = Assert.Throws<ArgumentException>(() => Weights.Copy(ts, wb));
        Assert.Contains("RecurrentLanguageModel", e.Message);
        Assert.Contains("'rnn.weight_hh_l0' is [20, 5] in the state dict but [24, 6] in the model", e.Message);
        Assert.Contains("'fc.weight' is [10, 5] in the state dict but [10, 6] in the model", e.Message);
    }

    [Fact]
    public void AMatchingStateDictRoundTripsExactly()
    {
        var wb = new RecurrentLanguageModel(Config, new Generator(4));
        using var ts = new TorchLanguageModel(Config, new Generator(5));
        Weights.Copy(wb, ts);
        var back = ts.ToWorkbench();
        foreach (var (name, t) in wb.StateDict()) Assert.Equal(t.ToArray(), back.StateDict()[name].ToArray());
    }

    [Fact]
    public void TheSameSeedGivesTheSameInitialWeightsInBothEngines()
    {
        var wb = new RecurrentLanguageModel(Config, new Generator(11));
        using var ts = new TorchLanguageModel(Config, new Generator(11));
        var tsState = Weights.StateDict(ts);
        Assert.Equal(wb.StateDict().Keys.Order(), tsState.Keys.Order());
        foreach (var (name, t) in wb.StateDict()) Assert.Equal(t.ToArray(), tsState[name].ToArray());
    }
}
