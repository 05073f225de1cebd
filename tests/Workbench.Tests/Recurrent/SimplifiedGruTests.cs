using Workbench.Autograd;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>The notes' simplified GRU (<c>new GRUCell(n_x, n_a, resetGate: false)</c>): update gate only, Γr = 1.</summary>
public class SimplifiedGruTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed), std: 0.8f);
    static double Sig(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void HasTwoGateBlocksZThenNAndSaysSoInItsRepr()
    {
        var cell = new GRUCell(3, 5, resetGate: false, generator: new Generator(1));
        Assert.False(cell.HasResetGate);
        Assert.Equal([10, 3], cell.WeightIh.Shape);
        Assert.Equal([10, 5], cell.WeightHh.Shape);
        Assert.Equal([10], cell.BiasIh!.Shape);
        Assert.Equal(2 * (5 * 3 + 5 * 5 + 2 * 5), cell.ParameterCount);           // 2/3 of a full GRU's
        Assert.Equal(3 * (5 * 3 + 5 * 5 + 2 * 5), new GRUCell(3, 5).ParameterCount);
        Assert.Contains("reset_gate=False", cell.ToString());
        Assert.DoesNotContain("reset_gate", new GRUCell(3, 5).ToString());
    }

    [Theory]
    [InlineData(2, 3, 4, 11)]
    [InlineData(1, 1, 2, 12)]
    [InlineData(3, 4, 1, 13)]
    public void ComputesTheNotesEquationsWrittenOutByHand(int batch, int inputs, int hidden, int seed)
    {
        var cell = new GRUCell(inputs, hidden, resetGate: false, generator: new Generator(seed));
        var x = R(seed + 1, batch, inputs);
        var a = R(seed + 2, batch, hidden);
        var (next, gates) = cell.Forward(x, a);
        double Row(int b, int row) // W_ih x + b_ih + W_hh a + b_hh for one row of the stacked weights
        {
            double s = cell.BiasIh![row] + cell.BiasHh![row];
            for (int k = 0; k < inputs; k++) s += cell.WeightIh[row, k] * x[b, k];
            for (int k = 0; k < hidden; k++) s += cell.WeightHh[row, k] * a[b, k];
            return s;
        }
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                double z = Sig(Row(b, j)), candidate = Math.Tanh(Row(b, hidden + j));   // blocks z, n
                Assert.Equal(1f, gates.ResetGate[b, j]);
                Assert.Equal(z, gates.Z[b, j], 5);
                Assert.Equal(1 - z, gates.UpdateGate[b, j], 5);
                Assert.Equal(candidate, gates.Candidate[b, j], 5);
                Assert.Equal((1 - z) * candidate + z * a[b, j], next[b, j], 5);   // c<t> = Γu c̃<t> + (1 − Γu) c<t-1>
            }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void EqualsAFullGruWhoseResetGateIsHeldOpen(int seed)
    {
        // A full GRU with W_r = 0 and a huge b_r has Γr = σ(30) = 1 in float32: the simplified cell's function.
        const int F = 3, H = 4;
        var simple = new GRUCell(F, H, resetGate: false, generator: new Generator(seed));
        var full = new GRUCell(F, H, generator: new Generator(seed + 100));
        var s = simple.StateDict();
        Tensor Stack(Tensor source, float rFill) =>
            Tensor.Cat([Tensor.Full(rFill, [H, .. source.Shape[1..]]), source], 0);       // r block on top of z, n
        full.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight_ih"] = Stack(s["weight_ih"], 0f), ["weight_hh"] = Stack(s["weight_hh"], 0f),
            ["bias_ih"] = Tensor.Cat([Tensor.Full(30f, H), s["bias_ih"]], 0), ["bias_hh"] = Tensor.Cat([Tensor.Zeros(H), s["bias_hh"]], 0),
        });
        var x = R(seed + 1, 3, F);
        var a = R(seed + 2, 3, H);
        var (mine, _) = simple.Forward(x, a);
        var (theirs, gates) = full.Forward(x, a);
        Assert.All(gates.ResetGate.ToArray(), r => Assert.Equal(1f, r));
        var (m, t) = (mine.ToArray(), theirs.ToArray());
        for (int i = 0; i < m.Length; i++) Assert.Equal(t[i], m[i], 6);
    }

    [Theory]
    [InlineData(2, 3, 3)]
    [InlineData(1, 2, 5)]
    public void GradientsMatchFiniteDifferences(int batch, int inputs, int hidden)
    {
        var cell = new GRUCell(inputs, hidden, resetGate: false, generator: new Generator(7));
        Tensor[] all = [R(1, batch, inputs), R(2, batch, hidden), .. cell.Parameters()];
        var result = GradCheck.Check(v => cell.Forward(v[0], v[1]).H, all, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void UnrolledOverASequenceItsGradientsMatchFiniteDifferences()
    {
        var layer = new UnrolledLayer(new GRUCell(2, 3, resetGate: false, generator: new Generator(8)));
        Tensor[] all = [R(3, 2, 4, 2), .. layer.Parameters()];
        var result = GradCheck.Check(v => layer.Forward(v[0]).Output, all, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }
}
