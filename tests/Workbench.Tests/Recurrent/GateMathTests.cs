using Workbench.Recurrent;
using Workbench.Recurrent.Kernel;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>
/// The fast gate arithmetic (<see cref="GateMath"/>, one forward/backward pair per cell kind) against the readable
/// cells: fed the same projections, each function must produce the cell's gates and new state, and its backward pass
/// must give, once turned into weight and input gradients by the products the kernel does, the gradients autograd
/// finds through the cell.
/// </summary>
public class GateMathTests
{
    const int B = 3, F = 4, H = 5;

    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed));

    static void Near(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, float tol = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: cell {expected[i]}, GateMath {actual[i]}");
    }

    /// <summary>y = x Wᵀ (+ b) as plain loops: x [n, k], W [m, k].</summary>
    static float[] Times(float[] x, int n, int k, float[] w, int m, float[]? b = null)
    {
        var y = new float[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = b?[j] ?? 0;
                for (int q = 0; q < k; q++) s += x[i * k + q] * w[j * k + q];
                y[i * m + j] = (float)s;
            }
        return y;
    }

    /// <summary>y = g W as plain loops: g [n, m], W [m, k] to [n, k].</summary>
    static float[] Back(float[] g, int n, int m, float[] w, int k)
    {
        var y = new float[n * k];
        for (int i = 0; i < n; i++)
            for (int q = 0; q < k; q++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += g[i * m + j] * w[j * k + q];
                y[i * k + q] = (float)s;
            }
        return y;
    }

    /// <summary>gᵀ x summed over rows: g [n, m], x [n, k] to [m, k]; and the column sums of g.</summary>
    static (float[] DW, float[] Db) Outer(float[] g, int n, int m, float[] x, int k)
    {
        var dw = new float[m * k];
        var db = new float[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                db[j] += g[i * m + j];
                for (int q = 0; q < k; q++) dw[j * k + q] += g[i * m + j] * x[i * k + q];
            }
        return (dw, db);
    }

    [Theory]
    [InlineData(CellKind.RnnTanh, true)]
    [InlineData(CellKind.RnnRelu, true)]
    [InlineData(CellKind.RnnTanh, false)]
    [InlineData(CellKind.Gru, true)]
    [InlineData(CellKind.Gru, false)]
    [InlineData(CellKind.Lstm, true)]
    [InlineData(CellKind.Lstm, false)]
    public void GatesStatesAndGradientsMatchTheCell(CellKind kind, bool bias)
    {
        int G = kind.GateCount(), GH = G * H;
        RecurrentCell cell = kind switch
        {
            CellKind.Lstm => new LSTMCell(F, H, bias, new Generator(1)),
            CellKind.Gru => new GRUCell(F, H, bias, new Generator(1)),
            _ => new RNNCell(F, H, bias, kind == CellKind.RnnRelu ? NonLinearity.ReLU : NonLinearity.Tanh, new Generator(1)),
        };
        var x = R(2, B, F).RequiresGrad_();
        var a = R(3, B, H).RequiresGrad_();
        var c = R(4, B, H).RequiresGrad_();
        var da = R(5, B, H).ToArray();           // dL/da<t>
        var dcNext = R(6, B, H).ToArray();       // dL/dc<t> (LSTM)

        // The readable cell, with autograd.
        Tensor aNew, loss;
        Tensor[] cellGates;
        Tensor? cNew = null;
        switch (cell)
        {
            case LSTMCell l:
                var ((h1, c1), lg) = l.Forward(x, (a, c));
                (aNew, cNew) = (h1, c1);
                cellGates = [lg.UpdateGate, lg.ForgetGate, lg.Candidate, lg.OutputGate];
                Assert.Same(c1, lg.Cell);
                loss = (h1 * Tensor.FromArray(da, B, H)).Sum() + (c1 * Tensor.FromArray(dcNext, B, H)).Sum();
                break;
            case GRUCell gcell:
                var (h2, gg) = gcell.Forward(x, a);
                aNew = h2;
                cellGates = [gg.ResetGate, gg.Z, gg.Candidate];
                loss = (h2 * Tensor.FromArray(da, B, H)).Sum();
                break;
            default:
                var (h3, rg) = ((RNNCell)cell).Forward(x, a);
                aNew = h3;
                cellGates = [h3];                     // GateMath keeps a<t> where the pre-activation was
                loss = (h3 * Tensor.FromArray(da, B, H)).Sum();
                break;
        }
        loss.Backward();

        // GateMath on the same inputs, laid out as the kernel lays them out.
        float[] wih = cell.WeightIh.ToArray(), whh = cell.WeightHh.ToArray();
        float[]? bih = cell.BiasIh?.ToArray(), bhh = cell.BiasHh?.ToArray();
        float[]? fold = null;
        if (bih is not null && bhh is not null)
        {
            fold = bih.Zip(bhh, (p, q) => p + q).ToArray();
            if (kind == CellKind.Gru) bih.AsSpan(2 * H, H).CopyTo(fold.AsSpan(2 * H));   // b_hn stays apart
        }
        float[] xv = x.ToArray(), av = a.ToArray(), cv = c.ToArray();
        var gates = Times(xv, B, F, wih, GH, fold);
        var hh = Times(av, B, H, whh, GH);
        if (kind != CellKind.Gru) for (int i = 0; i < gates.Length; i++) gates[i] += hh[i];
        if (kind is CellKind.RnnTanh or CellKind.RnnRelu)
        {
            var (_, rg) = ((RNNCell)cell).Forward(x.Detach(), a.Detach());
            Near(rg.PreActivation.ToArray(), gates, "z<t>");
        }
        var hn = new float[B * H];
        var aOut = new float[B * H];
        var cOut = new float[B * H];
        var bhn = bhh is null || kind != CellKind.Gru ? [] : bhh.AsSpan(2 * H, H).ToArray();
        for (int b = 0; b < B; b++)
        {
            var row = gates.AsSpan(b * GH, GH);
            var rowOut = aOut.AsSpan(b * H, H);
            switch (kind)
            {
                case CellKind.Lstm: GateMath.LstmForward(row, cv.AsSpan(b * H, H), cOut.AsSpan(b * H, H), rowOut); break;
                case CellKind.Gru: GateMath.GruForward(row, hh.AsSpan(b * GH, GH), bhn, hn.AsSpan(b * H, H), av.AsSpan(b * H, H), rowOut); break;
                default: GateMath.RnnForward(kind == CellKind.RnnRelu, row, rowOut); break;
            }
        }
        for (int k = 0; k < cellGates.Length; k++)
        {
            var block = Enumerable.Range(0, B).SelectMany(b => gates.AsSpan(b * GH + k * H, H).ToArray()).ToArray();
            Near(cellGates[k].ToArray(), block, $"{kind} gate block {k}");
        }
        Near(aNew.ToArray(), aOut, "a<t>");
        if (cNew is not null) Near(cNew.ToArray(), cOut, "c<t>");

        // Backward: pre-activation gradients, then the products the kernel does with them.
        var dPre = gates;                                    // overwritten in place, as in the kernel
        var dhh = kind == CellKind.Gru ? new float[B * GH] : dPre;
        var daPrev = new float[B * H];
        var dc = (float[])dcNext.Clone();
        for (int b = 0; b < B; b++)
        {
            var row = dPre.AsSpan(b * GH, GH);
            var dab = da.AsSpan(b * H, H);
            switch (kind)
            {
                case CellKind.Lstm: GateMath.LstmBackward(row, cv.AsSpan(b * H, H), cOut.AsSpan(b * H, H), dab, dc.AsSpan(b * H, H)); break;
                case CellKind.Gru: GateMath.GruBackward(row, dhh.AsSpan(b * GH, GH), hn.AsSpan(b * H, H), av.AsSpan(b * H, H), dab, daPrev.AsSpan(b * H, H)); break;
                default: GateMath.RnnBackward(kind == CellKind.RnnRelu, row, dab); break;
            }
        }
        var throughWhh = Back(dhh, B, GH, whh, H);
        for (int i = 0; i < daPrev.Length; i++) daPrev[i] += throughWhh[i];
        var (dWih, dbIh) = Outer(dPre, B, GH, xv, F);
        var (dWhh, dbHh) = Outer(dhh, B, GH, av, H);
        Near(x.Grad!.ToArray(), Back(dPre, B, GH, wih, F), "dx");
        Near(a.Grad!.ToArray(), daPrev, "da<t-1>");
        Near(cell.WeightIh.Grad!.ToArray(), dWih, "dW_ih");
        Near(cell.WeightHh.Grad!.ToArray(), dWhh, "dW_hh");
        if (bias)
        {
            Near(cell.BiasIh!.Grad!.ToArray(), dbIh, "db_ih");
            Near(cell.BiasHh!.Grad!.ToArray(), dbHh, "db_hh");
        }
        if (kind == CellKind.Lstm) Near(c.Grad!.ToArray(), dc, "dc<t-1>");
    }
}
