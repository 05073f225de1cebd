using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>Init.Orthogonal / Init.Eye and the recurrent initialisations against vanishing gradients.</summary>
public class RecurrentInitTests
{
    /// <summary>max |M Mᵀ − I| (rows) or max |Mᵀ M − I| (columns) of a [rows, cols] matrix, in double.</summary>
    static double OrthonormalityError(float[] m, int rows, int cols, bool byRows, double scale = 1)
    {
        int n = byRows ? rows : cols, len = byRows ? cols : rows;
        double At(int v, int k) => byRows ? m[v * cols + k] : m[k * cols + v];
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++) dot += At(i, k) * At(j, k);
                worst = Math.Max(worst, Math.Abs(dot / (scale * scale) - (i == j ? 1 : 0)));
            }
        return worst;
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(3, 7)]
    [InlineData(8, 2)]
    [InlineData(1, 4)]
    public void OrthogonalHasOrthonormalRowsOrColumns(int rows, int cols)
    {
        var w = Init.Orthogonal(Tensor.Zeros(rows, cols), generator: new Generator(3));
        Assert.True(OrthonormalityError(w.ToArray(), rows, cols, byRows: rows <= cols) < 1e-5);
        if (rows != cols) Assert.True(OrthonormalityError(w.ToArray(), rows, cols, byRows: rows > cols) > 0.1);   // only one side can be
    }

    [Fact]
    public void OrthogonalIsSeededScaledByGainAndNeedsAMatrix()
    {
        var a = Init.Orthogonal(Tensor.Zeros(4, 4), generator: new Generator(1)).ToArray();
        var b = Init.Orthogonal(Tensor.Zeros(4, 4), generator: new Generator(1)).ToArray();
        var c = Init.Orthogonal(Tensor.Zeros(4, 4), generator: new Generator(2)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var scaled = Init.Orthogonal(Tensor.Zeros(4, 4), gain: 2.5f, generator: new Generator(1)).ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(2.5f * a[i], scaled[i], 5);
        Assert.True(OrthonormalityError(scaled, 4, 4, true, scale: 2.5) < 1e-5);
        var e = Assert.Throws<ArgumentException>(() => Init.Orthogonal(Tensor.Zeros(2, 3, 4)));
        Assert.Contains("2-D", e.Message);
    }

    [Fact]
    public void EyeWritesTheIdentityIntoSquareAndRectangularMatrices()
    {
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], Init.Eye(Tensor.Full(7f, 3, 3)).ToArray());
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f], Init.Eye(Tensor.Full(7f, 2, 3)).ToArray());
        Assert.Throws<ArgumentException>(() => Init.Eye(Tensor.Zeros(3)));
    }

    [Theory]
    [InlineData(CellKind.RnnTanh, 1, false)]
    [InlineData(CellKind.Gru, 2, true)]
    [InlineData(CellKind.Lstm, 1, true)]
    public void OrthogonalMakesEveryGateBlockOfEveryWeightHhOrthogonalAndLeavesTheRest(CellKind kind, int layers, bool bidirectional)
    {
        const int H = 4;
        var layer = RecurrentLayers.Create(kind, 3, H, layers, bidirectional, generator: new Generator(5));
        var before = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.ToArray());
        RecurrentInit.Orthogonal(layer, new Generator(6));
        int hh = 0;
        foreach (var (name, p) in layer.NamedParameters())
        {
            if (!name.StartsWith("weight_hh_", StringComparison.Ordinal)) { Assert.Equal(before[name], p.ToArray()); continue; }
            hh++;
            var v = p.ToArray();
            for (int k = 0; k < kind.GateCount(); k++)
                Assert.True(OrthonormalityError(v[(k * H * H)..((k + 1) * H * H)], H, H, true) < 1e-5, $"{name} block {k}");
        }
        Assert.Equal(layers * (bidirectional ? 2 : 1), hh);
    }

    [Fact]
    public void IdentityMakesAReluRnnCarryItsStateUnchangedWhenTheInputIsZero()
    {
        var layer = new RNN(2, 3, numLayers: 2, nonlinearity: NonLinearity.ReLU, generator: new Generator(4));
        RecurrentInit.Identity(layer);
        var sd = layer.StateDict();
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], sd["weight_hh_l1"].ToArray());
        Assert.All(sd["bias_ih_l0"].ToArray().Concat(sd["bias_hh_l1"].ToArray()), b => Assert.Equal(0f, b));
        Assert.Contains(sd["weight_ih_l0"].ToArray(), w => w != 0f);                    // input weights as drawn
        // IRNN: a<t> = relu(I a<t-1> + W_ax 0) = a<t-1> for a non-negative a<0>, however many steps.
        var single = new RNN(2, 3, nonlinearity: NonLinearity.ReLU, generator: new Generator(4));
        RecurrentInit.Identity(single);
        var h0 = Tensor.FromArray([0.5f, 0.25f, 2f, 1f, 0f, 3f], 1, 2, 3);
        var hn = single.Forward(Tensor.Zeros(2, 40, 2), h0).HN;
        Assert.Equal(h0.ToArray(), hn.ToArray());
    }

    [Fact]
    public void ForgetGateBiasOpensTheForgetGateToSigmoidOfTheValue()
    {
        const int H = 3;
        var layer = new LSTM(2, H, numLayers: 2, generator: new Generator(8));
        var before = layer.StateDict().ToDictionary(p => p.Key, p => p.Value.ToArray());
        RecurrentInit.ForgetGateBias(layer, 1f);
        foreach (var (name, p) in layer.NamedParameters())
        {
            var v = p.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                bool forget = i >= H && i < 2 * H;
                float expected = !forget || name.StartsWith("weight", StringComparison.Ordinal) ? before[name][i]
                    : name.StartsWith("bias_ih", StringComparison.Ordinal) ? 1f : 0f;
                Assert.Equal(expected, v[i]);
            }
        }
        // With zero input and state, Γf = σ(b_f) = σ(1) in every unit of the layer's cell.
        var (_, gates) = LSTMCell.FromLayer(layer).Forward(Tensor.Zeros(2, 2));
        Assert.All(gates.ForgetGate.ToArray(), f => Assert.Equal(1 / (1 + Math.Exp(-1)), f, 6));
        RecurrentInit.ForgetGateBias(layer, 2f);
        Assert.All(LSTMCell.FromLayer(layer, 1).Forward(Tensor.Zeros(1, H)).Gates.ForgetGate.ToArray(), f => Assert.Equal(1 / (1 + Math.Exp(-2)), f, 6));
    }

    [Fact]
    public void EachInitialisationRefusesALayerItDoesNotApplyTo()
    {
        var e = Assert.Throws<ArgumentException>(() => RecurrentInit.Identity(new GRU(2, 3)));
        Assert.Contains("GRU", e.Message);
        e = Assert.Throws<ArgumentException>(() => RecurrentInit.ForgetGateBias(new GRU(2, 3)));
        Assert.Contains("only an LSTM has a forget gate", e.Message);
        e = Assert.Throws<ArgumentException>(() => RecurrentInit.ForgetGateBias(new LSTM(2, 3, bias: false)));
        Assert.Contains("bias: false", e.Message);
    }
}
