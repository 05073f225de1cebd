using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Kernels;

public class MatVecTests
{
    static float[] Random(Generator g, int n) => Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 2 - 1)).ToArray();

    /// <summary>y = W x + beta y in double precision, the reference.</summary>
    static double[] Reference(float[] w, int outF, int inF, float[] x, int rows, float beta, float[] y0)
    {
        var y = new double[rows * outF];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < outF; i++)
            {
                double s = 0;
                for (int j = 0; j < inF; j++) s += (double)w[i * inF + j] * x[r * inF + j];
                y[r * outF + i] = s + beta * y0[r * outF + i];
            }
        return y;
    }

    // Shapes around the vector width (8 or 16) and the group of four weight rows: tails in both directions.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 8, 1)]
    [InlineData(7, 13, 1)]
    [InlineData(65, 512, 1)]
    [InlineData(2048, 64, 1)]
    [InlineData(10, 33, 3)]
    [InlineData(6, 17, 5)]
    [InlineData(257, 100, 8)]
    public void MatchesTheDoublePrecisionProduct(int outF, int inF, int rows)
    {
        var g = new Generator(outF * 1000 + inF * 10 + rows);
        var (w, x, y0) = (Random(g, outF * inF), Random(g, rows * inF), Random(g, rows * outF));
        foreach (float beta in new[] { 0f, 1f })
        {
            var y = (float[])y0.Clone();
            MatVec.Multiply(w, outF, inF, x, rows, beta, y);
            var expected = Reference(w, outF, inF, x, rows, beta, y0);
            for (int k = 0; k < y.Length; k++)
                Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-6 * (inF + 1), $"beta {beta}, element {k}: {y[k]} vs {expected[k]}");
        }
    }

    // The GEMM's k blocks are 256 deep: 300, 513 and 640 span two or three; 37 and 13 end in a partial 16-column step;
    // out sizes below, at and past the 32-output panel and the 8-output group.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(8, 16)]
    [InlineData(33, 300)]
    [InlineData(65, 512)]
    [InlineData(100, 37)]
    [InlineData(2048, 64)]
    [InlineData(257, 513)]
    [InlineData(96, 640)]
    public void IsBitIdenticalToTheGemm(int outF, int inF)
    {
        // The decoding step's guarantee: y = x Wᵀ (+ y) gives the GEMM's bits, so a matrix-vector step decodes exactly
        // what the batched path decodes.
        var g = new Generator(outF * 7 + inF);
        foreach (int rows in new[] { 1, 2, 3, 5, 8 })
            foreach (float beta in new[] { 0f, 1f })
            {
                var (w, x, y0) = (Random(g, outF * inF), Random(g, rows * inF), Random(g, rows * outF));
                var y = (float[])y0.Clone();
                var expected = (float[])y0.Clone();
                MatVec.Multiply(w, outF, inF, x, rows, beta, y);
                Gemm.Sgemm(false, true, rows, outF, inF, 1f, x, inF, w, inF, beta, expected, outF);
                Assert.Equal(expected, y);
            }
    }

    [Fact]
    public void BetaZeroIgnoresWhatYHeld()
    {
        var y = new[] { float.NaN, float.NaN };
        MatVec.Multiply([1f, 2f, 3f, 4f], 2, 2, [1f, 1f], 1, 0f, y);
        Assert.Equal(new[] { 3f, 7f }, y);
    }

    [Fact]
    public void EachOutputIsTheSameBitsWhateverRowsAndOutputsShareTheCall()
    {
        // Row r of x and output i of W give one chain of multiply-adds whether it runs alone, in a group of eight or a
        // panel of 32 weight rows, beside other rows of x, or in another thread's part: results never depend on the beam count.
        var g = new Generator(5);
        int outF = 75, inF = 37, rows = 7;   // rows in pairs and one alone; two panels, a group of eight, single outputs
        var (w, x) = (Random(g, outF * inF), Random(g, rows * inF));
        var all = new float[rows * outF];
        MatVec.Multiply(w, outF, inF, x, rows, 0f, all);
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < outF; i++)
            {
                var alone = new float[1];
                MatVec.Multiply(w.AsSpan(i * inF, inF), 1, inF, x.AsSpan(r * inF, inF), 1, 0f, alone);
                Assert.Equal(alone[0], all[r * outF + i]);
            }
    }

    [Fact]
    public void LinearAddsTheProductToTheBias()
    {
        var weight = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        var bias = Tensor.FromArray([10f, 20f, 30f]);
        Assert.Equal(new[] { 13f, 27f, 41f, 11f, 23f, 35f }, MatVec.Linear(weight, bias, [1f, 1f, 1f, 0f], 2));
        Assert.Equal(new[] { 3f, 7f, 11f }, MatVec.Linear(weight, null, [1f, 1f], 1));
    }

    [Fact]
    public void BadSizesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => MatVec.Multiply(new float[5], 2, 3, new float[3], 1, 0f, new float[2]));
        Assert.Contains("weight has 5 elements, [2, 3] needs 6", e.Message);
        e = Assert.Throws<ArgumentException>(() => MatVec.Multiply(new float[6], 2, 3, new float[5], 2, 0f, new float[4]));
        Assert.Contains("x has 5 elements, 2 rows of 3 need 6", e.Message);
        e = Assert.Throws<ArgumentException>(() => MatVec.Multiply(new float[6], 2, 3, new float[3], 1, 0f, new float[1]));
        Assert.Contains("y has 1 elements, 1 rows of 2 need 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => MatVec.Multiply(new float[6], 2, 3, new float[3], 1, 0.5f, new float[2]));
        Assert.Contains("beta must be 0 or 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MatVec.MaxRows = -1);
        Assert.True(MatVec.Covers(1));
        Assert.False(MatVec.Covers(0));
        Assert.False(MatVec.Covers(MatVec.MaxRows + 1));
    }
}
