using Workbench.Data.Synthetic;
using Workbench.Heads;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Heads;

public class SequenceRegressorTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed));

    [Theory]
    [InlineData(CellKind.RnnTanh, 1, 1)]
    [InlineData(CellKind.Lstm, 2, 1)]
    [InlineData(CellKind.Gru, 1, 3)]
    public void PredictsFromTheTopLayersFinalState(CellKind kind, int layers, int outputs)
    {
        var layer = RecurrentLayers.Create(kind, 2, 4, layers, generator: new Generator(1));
        var model = new SequenceRegressor(layer, outputs, new Generator(2));
        var x = R(3, 5, 6, 2);
        var y = model.Forward(x);
        Assert.Equal([5, outputs], y.Shape);
        var top = layer.Forward(x).HN.Select(0, layers - 1);                           // [B, H]
        var expected = top.MatMul(model.Fc.Weight.T()) + model.Fc.Bias!;
        var (e, a) = (expected.ToArray(), y.ToArray());
        for (int i = 0; i < e.Length; i++) Assert.Equal(e[i], a[i], 5);
        Assert.Equal(["rnn", "fc"], model.NamedChildren().Select(c => c.Name));
    }

    [Fact]
    public void LossIsTheMeanSquaredErrorAndTheTargetsMustMatch()
    {
        var model = new SequenceRegressor(new UnrolledLayer(new GRUCell(2, 3, resetGate: false, generator: new Generator(4))), generator: new Generator(5));
        var x = R(6, 4, 3, 2);
        var y = R(7, 4, 1);
        var (loss, n) = model.Loss(x, y);
        var (p, t) = (model.Forward(x).ToArray(), y.ToArray());
        Assert.Equal(p.Zip(t, (a, b) => (double)(a - b) * (a - b)).Average(), loss.Item(), 5);
        Assert.Equal(4, n);
        var e = Assert.Throws<ArgumentException>(() => model.Loss(x, R(7, 4, 2)));
        Assert.Contains("[4, 2]", e.Message);
        Assert.Contains("[4, 1]", e.Message);
    }

    [Fact]
    public void RefusesABidirectionalCoreAndNoOutputs()
    {
        var e = Assert.Throws<ArgumentException>(() => new SequenceRegressor(new GRU(2, 3, bidirectional: true)));
        Assert.Contains("bidirectional", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceRegressor(new GRU(2, 3), outputs: 0));
    }

    [Fact]
    public void TrainedWithTheTrainerAGruLearnsTheShortAddingTask()
    {
        // T = 6: the two marked values are at most 5 steps apart; the mean predictor's MSE is about 0.167.
        var model = new SequenceRegressor(new GRU(2, 16, generator: new Generator(1)), generator: new Generator(1));
        var data = new Generator(2);
        var valid = AddingTask.ToTensors(AddingTask.Generate(256, 6, new Generator(3)));
        var history = new Trainer(model, new Adam(model.Parameters(), 0.01f), new TrainerOptions(Epochs: 8, ClipNorm: 1f)).Fit(
            _ => Enumerable.Range(0, 50).Select(_ => AddingTask.ToTensors(AddingTask.Generate(32, 6, data))),
            b => model.Loss(b.Inputs, b.Targets), () => model.Loss(valid.Inputs, valid.Targets).Loss.Item());
        Assert.True(history.Records[^1].ValidLoss < 0.02, $"validation MSE {history.Records[^1].ValidLoss}");
        Assert.True(history.Records[0].ValidLoss > history.Records[^1].ValidLoss);
    }
}
