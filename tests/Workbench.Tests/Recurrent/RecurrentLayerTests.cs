using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>Behaviour of the sequence layers and cells: naming, cells against layers, padding, truncated
/// BPTT, dropout modes and the errors bad input gets.</summary>
public class RecurrentLayerTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed));

    static void Near(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void ParameterNamesShapesAndOrderAreTorchs()
    {
        // torch.nn.LSTM(4, 3, num_layers=2, bidirectional=True).state_dict() lists exactly these, in this order.
        var lstm = new LSTM(4, 3, numLayers: 2, bidirectional: true);
        var expected = new (string, int[])[]
        {
            ("weight_ih_l0", [12, 4]), ("weight_hh_l0", [12, 3]), ("bias_ih_l0", [12]), ("bias_hh_l0", [12]),
            ("weight_ih_l0_reverse", [12, 4]), ("weight_hh_l0_reverse", [12, 3]), ("bias_ih_l0_reverse", [12]), ("bias_hh_l0_reverse", [12]),
            ("weight_ih_l1", [12, 6]), ("weight_hh_l1", [12, 3]), ("bias_ih_l1", [12]), ("bias_hh_l1", [12]),
            ("weight_ih_l1_reverse", [12, 6]), ("weight_hh_l1_reverse", [12, 3]), ("bias_ih_l1_reverse", [12]), ("bias_hh_l1_reverse", [12]),
        };
        var actual = lstm.NamedParameters().Select(p => (p.Name, p.Parameter.Shape)).ToArray();
        Assert.Equal(expected.Select(e => e.Item1), actual.Select(a => a.Name));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i].Item2, actual[i].Shape);

        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], new GRU(5, 2, bias: false).NamedParameters().Select(p => p.Name));
        Assert.Equal([6, 5], new GRU(5, 2).StateDict()["weight_ih_l0"].Shape);
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], new LSTMCell(3, 2).NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void InitialWeightsAreUniformInPlusMinusOneOverSqrtHidden()
    {
        var gru = new GRU(8, 16, generator: new Generator(1));
        float bound = 1f / MathF.Sqrt(16);
        var all = gru.Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.All(all, v => Assert.InRange(v, -bound, bound));
        Assert.True(all.Max() > 0.9f * bound && all.Min() < -0.9f * bound, "values should fill the range");
        Assert.Equal(new GRU(8, 16, generator: new Generator(1)).Parameters().SelectMany(p => p.ToArray()), all);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void CellsSteppedByHandMatchTheFusedLayer(string kind)
    {
        const int B = 2, T = 6, F = 3, H = 5;
        RecurrentLayer layer = kind switch { "rnn" => new RNN(F, H), "gru" => new GRU(F, H), _ => new LSTM(F, H) };
        var x = R(4, B, T, F);
        var h0 = R(5, 1, B, H);
        var c0 = R(6, 1, B, H);
        var (output, hn, cn) = layer.Forward(x, h0, kind == "lstm" ? c0 : null);

        Tensor h = h0.Select(0, 0), c = c0.Select(0, 0);
        for (int t = 0; t < T; t++)
        {
            (h, c) = Step(layer, 0, false, x.Select(1, t), h, c);
            Near(h.Values, output.Select(1, t).Values, 1e-5f, $"{kind} step {t}");
        }
        Near(h.Values, hn.Values, 1e-5f, "h_n");
        if (cn is not null) Near(c.Values, cn.Values, 1e-5f, "c_n");
    }

    /// <summary>One step of the cell that <c>FromLayer</c> builds from layer <paramref name="l"/>, direction
    /// <paramref name="reverse"/> (c is passed through for RNN and GRU).</summary>
    static (Tensor H, Tensor C) Step(RecurrentLayer layer, int l, bool reverse, Tensor x, Tensor h, Tensor c)
    {
        switch (layer.Kind)
        {
            case CellKind.Lstm:
                var (state, _) = LSTMCell.FromLayer(layer, l, reverse).Forward(x, (h, c));
                return state;
            case CellKind.Gru:
                return (GRUCell.FromLayer(layer, l, reverse).Forward(x, h).H, c);
            default:
                return (RNNCell.FromLayer(layer, l, reverse).Forward(x, h).H, c);
        }
    }

    [Theory]
    [InlineData("rnn_relu")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void CellsFromTheUpperReverseDirectionOfADeepLayerReproduceIt(string kind)
    {
        // Layer 1, reverse direction: reads layer 0's output [B, T, 2H] from the last step to the first.
        const int B = 2, T = 4, F = 3, H = 4;
        RecurrentLayer layer = kind switch
        {
            "rnn_relu" => new RNN(F, H, 2, NonLinearity.ReLU, bidirectional: true),
            "gru" => new GRU(F, H, 2, bidirectional: true),
            _ => new LSTM(F, H, 2, bidirectional: true),
        };
        var x = R(7, B, T, F);
        var (output, hn, cn) = layer.Forward(x);
        var bottom = kind switch
        {
            "rnn_relu" => (RecurrentLayer)new RNN(F, H, 1, NonLinearity.ReLU, bidirectional: true),
            "gru" => new GRU(F, H, 1, bidirectional: true),
            _ => new LSTM(F, H, 1, bidirectional: true),
        };
        bottom.LoadStateDict(layer.StateDict().Where(p => p.Key.Contains("_l0")).ToDictionary());
        var below = bottom.Forward(x).Output;   // layer 0's output, the input of layer 1
        Tensor h = Tensor.Zeros(B, H), c = Tensor.Zeros(B, H);
        for (int t = T - 1; t >= 0; t--)
        {
            (h, c) = Step(layer, 1, true, below.Select(1, t), h, c);
            Near(h.Values, output.Select(1, t).Narrow(1, H, H).Values, 1e-5f, $"{kind} reverse step {t}");
        }
        Near(h.Values, hn.Select(0, 3).Values, 1e-5f, "h_n of layer 1 reverse");
        if (cn is not null) Near(c.Values, cn.Select(0, 3).Values, 1e-5f, "c_n of layer 1 reverse");
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void CellsUnrolledWithAutogradGiveTheFusedLayersGradients(string kind)
    {
        // The fused kernel's analytic backward against autograd through the readable cells, both directions.
        const int B = 2, T = 5, F = 3, H = 4;
        RecurrentLayer layer = kind switch
        {
            "rnn" => new RNN(F, H, bidirectional: true, generator: new Generator(8)),
            "gru" => new GRU(F, H, bidirectional: true, generator: new Generator(8)),
            _ => new LSTM(F, H, bidirectional: true, generator: new Generator(8)),
        };
        bool lstm = kind == "lstm";
        var x = R(1, B, T, F).RequiresGrad_();
        var h0 = R(2, 2, B, H).RequiresGrad_();
        var c0 = R(3, 2, B, H).RequiresGrad_();
        var rOut = R(4, B, T, 2 * H);
        var rH = R(5, 2, B, H);
        var (output, hn, cn) = layer.Forward(x, h0, lstm ? c0 : null);
        var loss = (output * rOut).Sum() + (hn * rH).Sum() + (cn is null ? Tensor.Zeros(1).Sum() : (cn * rH).Sum());
        loss.Backward();

        var xc = x.Detach().Clone().RequiresGrad_();
        var h0c = h0.Detach().Clone().RequiresGrad_();
        var c0c = c0.Detach().Clone().RequiresGrad_();
        var cells = new[] { false, true }.Select(rev => layer.Kind switch
        {
            CellKind.Lstm => (RecurrentCell)LSTMCell.FromLayer(layer, 0, rev),
            CellKind.Gru => GRUCell.FromLayer(layer, 0, rev),
            _ => RNNCell.FromLayer(layer, 0, rev),
        }).ToArray();
        var outs = new Tensor[2, T];
        var cellLoss = Tensor.Zeros(1).Sum();
        for (int d = 0; d < 2; d++)
        {
            Tensor h = h0c.Select(0, d), c = c0c.Select(0, d);
            for (int step = 0; step < T; step++)
            {
                int t = d == 0 ? step : T - 1 - step;
                var xt = xc.Select(1, t);
                switch (cells[d])
                {
                    case LSTMCell l: (h, c) = l.Forward(xt, (h, c)).State; break;
                    case GRUCell g: h = g.Forward(xt, h).H; break;
                    case RNNCell r: h = r.Forward(xt, h).H; break;
                }
                cellLoss = cellLoss + (h * rOut.Select(1, t).Narrow(1, d * H, H)).Sum();
            }
            cellLoss = cellLoss + (h * rH.Select(0, d)).Sum();
            if (lstm) cellLoss = cellLoss + (c * rH.Select(0, d)).Sum();
        }
        Near(loss.Values, cellLoss.Values, 1e-4f, "loss");
        cellLoss.Backward();
        Near(xc.Grad!.Values, x.Grad!.Values, 1e-5f, "dx");
        Near(h0c.Grad!.Values, h0.Grad!.Values, 1e-5f, "dh0");
        if (lstm) Near(c0c.Grad!.Values, c0.Grad!.Values, 1e-5f, "dc0");
        var layerGrads = layer.StateDict();
        for (int d = 0; d < 2; d++)
            foreach (var (name, p) in cells[d].NamedParameters())
                Near(p.Grad!.Values, layerGrads[$"{name}_l0{(d == 1 ? "_reverse" : "")}"].Grad!.Values, 1e-5f, $"{name} direction {d}");
    }

    [Fact]
    public void GatesReturnedByTheCellsAreTheEquationsComputedByHand()
    {
        // One row, written out with plain loops over the weights: the records must hold exactly these numbers.
        const int F = 3, H = 2;
        var x = R(1, 1, F);
        var a = R(2, 1, H);
        var cPrev = R(3, 1, H);
        static double Sig(double v) => 1 / (1 + Math.Exp(-v));
        static double Pre(RecurrentCell cell, Tensor x, Tensor a, int row) // W_ih x + b_ih + W_hh a + b_hh for one gate row
        {
            double s = cell.BiasIh![row] + cell.BiasHh![row];
            for (int k = 0; k < x.Size(1); k++) s += cell.WeightIh[row, k] * x[0, k];
            for (int k = 0; k < a.Size(1); k++) s += cell.WeightHh[row, k] * a[0, k];
            return s;
        }
        static double Part(Tensor w, Tensor? b, Tensor v, int row) // W v + b for one row
        {
            double s = b![row];
            for (int k = 0; k < v.Size(1); k++) s += w[row, k] * v[0, k];
            return s;
        }

        var lstm = new LSTMCell(F, H, generator: new Generator(4));
        var ((hL, cL), lg) = lstm.Forward(x, (a, cPrev));
        var rnn = new RNNCell(F, H, generator: new Generator(5));
        var (hR, rg) = rnn.Forward(x, a);
        var gru = new GRUCell(F, H, generator: new Generator(6));
        var (hG, gg) = gru.Forward(x, a);
        for (int j = 0; j < H; j++)
        {
            double u = Sig(Pre(lstm, x, a, j)), f = Sig(Pre(lstm, x, a, H + j)), g = Math.Tanh(Pre(lstm, x, a, 2 * H + j)), o = Sig(Pre(lstm, x, a, 3 * H + j));
            double c = u * g + f * cPrev[0, j];
            Assert.Equal(u, lg.UpdateGate[0, j], 5); Assert.Equal(f, lg.ForgetGate[0, j], 5);
            Assert.Equal(g, lg.Candidate[0, j], 5); Assert.Equal(o, lg.OutputGate[0, j], 5);
            Assert.Equal(c, lg.Cell[0, j], 5); Assert.Equal(c, cL[0, j], 5);
            Assert.Equal(o * Math.Tanh(c), hL[0, j], 5);

            double z = Pre(rnn, x, a, j);
            Assert.Equal(z, rg.PreActivation[0, j], 5);
            Assert.Equal(Math.Tanh(z), hR[0, j], 5);

            double r = Sig(Pre(gru, x, a, j)), zg = Sig(Pre(gru, x, a, H + j));
            double n = Math.Tanh(Part(gru.WeightIh, gru.BiasIh, x, 2 * H + j) + r * Part(gru.WeightHh, gru.BiasHh, a, 2 * H + j));
            Assert.Equal(r, gg.ResetGate[0, j], 5); Assert.Equal(zg, gg.Z[0, j], 5); Assert.Equal(1 - zg, gg.UpdateGate[0, j], 5);
            Assert.Equal(n, gg.Candidate[0, j], 5);
            Assert.Equal((1 - zg) * n + zg * a[0, j], hG[0, j], 5);   // a<t> = Γu c̃<t> + (1 - Γu) a<t-1>
        }
    }

    [Fact]
    public void FromLayerRefusesAnotherKindALayerOutOfRangeAndAMissingReverseDirection()
    {
        var gru = new GRU(3, 4, numLayers: 2);
        var e = Assert.Throws<ArgumentException>(() => LSTMCell.FromLayer(gru));
        Assert.Contains("Gru layer", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => GRUCell.FromLayer(gru, layer: 2));
        Assert.Contains("0..1", r.Message);
        e = Assert.Throws<ArgumentException>(() => GRUCell.FromLayer(gru, reverse: true));
        Assert.Contains("not bidirectional", e.Message);
        Assert.Equal(4, GRUCell.FromLayer(gru, layer: 1).InputSize);        // layer 1 reads layer 0's H outputs
        var noBias = RNNCell.FromLayer(new RNN(3, 4, bias: false));
        Assert.Null(noBias.BiasIh);
    }

    [Theory]
    [InlineData("gru", false)]
    [InlineData("lstm", true)]
    [InlineData("rnn", true)]
    public void PaddedStepsChangeNeitherOutputsNorStatesNorGradients(string kind, bool bidirectional)
    {
        const int T = 5, F = 3, H = 4;
        int[] lengths = [5, 2, 4];
        RecurrentLayer layer = kind switch
        {
            "rnn" => new RNN(F, H, 2, bidirectional: bidirectional),
            "gru" => new GRU(F, H, 2, bidirectional: bidirectional),
            _ => new LSTM(F, H, 2, bidirectional: bidirectional),
        };
        int D = bidirectional ? 2 : 1;
        var x = R(9, 3, T, F).RequiresGrad_();
        var (output, hn, _) = layer.Forward(x, lengths: lengths);
        var rOut = R(10, output.Shape);
        (output * rOut).Sum().Backward();
        var gx = x.Grad!.ToArray();

        for (int b = 0; b < 3; b++)
        {
            int len = lengths[b];
            // the same sequence alone, cut to its own length: what the padded batch must reproduce
            var xb = x.Detach().Narrow(0, b, 1).Narrow(1, 0, len).Clone().RequiresGrad_();
            var (ob, hb, _) = layer.Forward(xb);
            Near(ob.Values, output.Narrow(0, b, 1).Narrow(1, 0, len).Values, 1e-6f, $"output of sequence {b}");
            Near(hb.Values, hn.Narrow(1, b, 1).Values, 1e-6f, $"h_n of sequence {b}");
            Assert.All(output.Narrow(0, b, 1).Narrow(1, len, T - len).ToArray(), v => Assert.Equal(0f, v));
            (ob * rOut.Narrow(0, b, 1).Narrow(1, 0, len)).Sum().Backward();
            var expectedGrad = xb.Grad!.Values;
            for (int t = 0; t < T; t++)
                for (int f = 0; f < F; f++)
                {
                    float g = gx[(b * T + t) * F + f];
                    if (t >= len) Assert.Equal(0f, g);
                    else Assert.True(Math.Abs(g - expectedGrad[t * F + f]) <= 1e-5f, $"grad x[{b},{t},{f}]: {g} vs {expectedGrad[t * F + f]}");
                }
        }
        Assert.Equal([2 * D, 3, H], hn.Shape);
    }

    [Fact]
    public void TruncatedBpttCarriesTheStateAndCutsTheGraphBetweenWindows()
    {
        const int B = 2, T = 12, W = 4, F = 3, H = 5;
        var lstm = new LSTM(F, H, numLayers: 2);
        var stream = R(12, B, T, F);
        var (full, fullH, fullC) = lstm.Forward(stream);

        Tensor? h = null, c = null;
        var windows = new List<Tensor>();
        Tensor? lastLoss = null;
        for (int w = 0; w < T / W; w++)
        {
            var xw = stream.Narrow(1, w * W, W).Clone().RequiresGrad_();
            windows.Add(xw);
            var (o, hn, cn) = lstm.Forward(xw, h, c);
            Near(full.Narrow(1, w * W, W).Values, o.Values, 1e-6f, $"window {w} output");
            (h, c) = (hn.Detach(), cn!.Detach());     // carry the state, cut the graph
            Assert.False(h.RequiresGrad);
            lastLoss = o.Sum() + hn.Sum();
        }
        Near(fullH.Values, h!.Values, 1e-6f, "final h");
        Near(fullC!.Values, c!.Values, 1e-6f, "final c");

        lstm.ZeroGrad();
        lastLoss!.Backward();
        Assert.NotNull(windows[^1].Grad);
        Assert.Contains(windows[^1].Grad!.ToArray(), v => v != 0f);
        Assert.Null(windows[0].Grad);                // nothing reached the earlier windows' inputs
        Assert.Null(windows[^2].Grad);
        Assert.NotNull(lstm.StateDict()["weight_hh_l0"].Grad);
    }

    [Fact]
    public void DropoutActsBetweenLayersInTrainingOnlyAndIsSeeded()
    {
        var a = new LSTM(3, 4, numLayers: 2, dropout: 0.5f, generator: new Generator(2));
        var b = new LSTM(3, 4, numLayers: 2, dropout: 0.5f, generator: new Generator(2));
        var plain = new LSTM(3, 4, numLayers: 2, generator: new Generator(2));
        var x = R(3, 2, 5, 3);
        Assert.Equal(a.Forward(x).Output.ToArray(), b.Forward(x).Output.ToArray());    // same seed, same masks
        Assert.NotEqual(plain.Forward(x).Output.ToArray(), a.Forward(x).Output.ToArray());
        a.Eval();
        Assert.Equal(plain.Forward(x).Output.ToArray(), a.Forward(x).Output.ToArray());
        // a single layer has nothing between layers to drop
        var single = new GRU(3, 4, dropout: 0.5f, generator: new Generator(2));
        var singlePlain = new GRU(3, 4, generator: new Generator(2));
        Assert.Equal(singlePlain.Forward(x).Output.ToArray(), single.Forward(x).Output.ToArray());
    }

    [Fact]
    public void BackwardTwiceThroughOneGraphIsAClearErrorAndInferenceNeedsNoGraph()
    {
        var gru = new GRU(3, 4);
        var x = R(1, 2, 5, 3);
        var loss = gru.Forward(x).Output.Sum();
        loss.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("already been back-propagated", e.Message);

        using (new Workbench.Autograd.NoGrad())
        {   // without a graph the saved buffers go straight back to the pool; results must not change
            var a = gru.Forward(x).Output.ToArray();
            var b = gru.Forward(x).Output.ToArray();
            Assert.Equal(a, b);
            Assert.False(gru.Forward(x).Output.RequiresGrad);
        }
    }

    [Fact]
    public void BadInputGetsErrorsNamingExpectedAndActualShapes()
    {
        var lstm = new LSTM(4, 3, numLayers: 2, bidirectional: true);
        var x = R(1, 2, 5, 4);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(R(1, 2, 5, 7)));
        Assert.Contains("[batch, seq_len, 4]", e.Message); Assert.Contains("[2, 5, 7]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(R(1, 5, 4)));
        Assert.Contains("[5, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(x, R(2, 2, 2, 3)));
        Assert.Contains("h0 must be [4, 2, 3]", e.Message); Assert.Contains("got [2, 2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(x, null, R(2, 4, 2, 4)));
        Assert.Contains("c0 must be [4, 2, 3]", e.Message); Assert.Contains("got [4, 2, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GRU(4, 3).Forward(x, null, R(2, 1, 2, 3)));
        Assert.Contains("c0 is for LSTM only", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => lstm.Forward(x, lengths: [5, 0]));
        Assert.Contains("lengths[1] = 0", r.Message); Assert.Contains("1..5", r.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => lstm.Forward(x, lengths: [6, 2]));
        Assert.Contains("lengths[0] = 6", r.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(x, lengths: [5]));
        Assert.Contains("1 entries but the batch has 2", e.Message);

        var cell = new GRUCell(4, 3);
        e = Assert.Throws<ArgumentException>(() => cell.Forward(R(1, 2, 5)));
        Assert.Contains("[batch, 4]", e.Message); Assert.Contains("[2, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => cell.Forward(R(1, 2, 4), R(2, 3, 3)));
        Assert.Contains("h must be [2, 3]", e.Message); Assert.Contains("got [3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LSTMCell(4, 3).Forward(R(1, 2, 4), (R(2, 2, 3), R(3, 2, 2))));
        Assert.Contains("c must be [2, 3]", e.Message);
    }
}
