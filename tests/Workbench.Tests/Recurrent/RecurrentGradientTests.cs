using Workbench.Autograd;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>
/// Finite-difference checks of the analytic backward of the fused layers and of the cells: every input,
/// initial state and parameter, on short sequences, including bidirectional, deep, masked and dropout cases.
/// </summary>
public class RecurrentGradientTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed), std: 0.8f);

    static RecurrentLayer Make(string kind, int f, int h, int layers, bool bi, float dropout = 0f, Generator? g = null) => kind switch
    {
        "rnn" => new RNN(f, h, layers, bidirectional: bi, dropout: dropout, generator: g ?? new Generator(7)),
        "rnn_relu" => new RNN(f, h, layers, NonLinearity.ReLU, bidirectional: bi, dropout: dropout, generator: g ?? new Generator(7)),
        "gru" => new GRU(f, h, layers, bidirectional: bi, dropout: dropout, generator: g ?? new Generator(7)),
        _ => new LSTM(f, h, layers, bidirectional: bi, dropout: dropout, generator: g ?? new Generator(7)),
    };

    /// <summary>All three outputs flattened into one tensor, so the check covers each of them.</summary>
    static Tensor All(RecurrentResult r) =>
        Tensor.Cat(r.CN is null ? [r.Output.Reshape(-1), r.HN.Reshape(-1)] : [r.Output.Reshape(-1), r.HN.Reshape(-1), r.CN.Reshape(-1)]);

    [Theory]
    [InlineData("rnn", 1, false, false)]
    [InlineData("rnn", 2, true, true)]
    [InlineData("gru", 1, false, false)]
    [InlineData("gru", 1, true, true)]
    [InlineData("gru", 2, false, true)]
    [InlineData("lstm", 1, false, false)]
    [InlineData("lstm", 1, true, true)]
    [InlineData("lstm", 2, true, false)]
    public void SequenceLayerGradientsMatchFiniteDifferences(string kind, int layers, bool bi, bool masked)
    {
        const int B = 3, T = 4, F = 3, H = 3;
        var layer = Make(kind, F, H, layers, bi);
        int d = bi ? 2 : 1;
        int[]? lengths = masked ? [4, 1, 3] : null;
        var x = R(1, B, T, F);
        var h0 = R(2, layers * d, B, H);
        var c0 = R(3, layers * d, B, H);
        bool lstm = kind == "lstm";
        Tensor[] inputs = [x, h0, .. (lstm ? new[] { c0 } : []), .. layer.Parameters()];
        var result = GradCheck.Check(v => All(layer.Forward(v[0], v[1], lstm ? v[2] : null, lengths)), inputs, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void LossOnFinalStatesAloneStillReachesEverything(string kind)
    {
        // h_n and c_n are side outputs of the fused node: a loss that never touches Output must still run it.
        var layer = Make(kind, 3, 3, 2, true);
        Tensor[] inputs = [R(1, 2, 4, 3), .. layer.Parameters()];
        var result = GradCheck.Check(v =>
        {
            var r = layer.Forward(v[0], lengths: [4, 2]);
            return r.CN is null ? r.HN : Tensor.Cat([r.HN, r.CN], 0);
        }, inputs, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void ReluRnnGradientsMatchFiniteDifferences()
    {
        var layer = Make("rnn_relu", 3, 4, 1, true);
        Tensor[] inputs = [R(1, 2, 3, 3), .. layer.Parameters()];
        var result = GradCheck.Check(v => All(layer.Forward(v[0])), inputs, eps: 1e-3, atol: 2e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void DropoutBetweenLayersIsDifferentiatedThroughItsMask()
    {
        var gen = new Generator(11);
        var layer = Make("lstm", 3, 3, 2, false, dropout: 0.4f, g: gen);
        Tensor[] inputs = [R(1, 2, 4, 3), .. layer.Parameters()];
        var result = GradCheck.Check(v => { gen.Reseed(5); return All(layer.Forward(v[0])); }, inputs, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void CellGradientsMatchFiniteDifferences(string kind)
    {
        const int B = 2, F = 3, H = 4;
        RecurrentCell cell = kind switch
        {
            "rnn" => new RNNCell(F, H, generator: new Generator(3)),
            "gru" => new GRUCell(F, H, generator: new Generator(3)),
            _ => new LSTMCell(F, H, generator: new Generator(3)),
        };
        Tensor[] inputs = [R(1, B, F), R(2, B, H), R(3, B, H), .. cell.Parameters()];
        Func<Tensor[], Tensor> f = cell switch
        {
            RNNCell c => v => c.Forward(v[0], v[1]).H,
            GRUCell c => v => c.Forward(v[0], v[1]).H,
            LSTMCell c => v => { var ((h, cc), _) = c.Forward(v[0], (v[1], v[2])); return Tensor.Cat([h, cc], 1); },
            _ => throw new InvalidOperationException(),
        };
        var result = GradCheck.Check(f, inputs, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }
}
