using System.Numerics;
using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Kernels;

/// <summary>The vector exp / sigmoid / tanh of the gate loops against double-precision Math over a dense grid.</summary>
public class VectorMathTests
{
    /// <summary>Runs f on every value (a vector at a time, the tail zero-padded) and returns the results.</summary>
    static float[] Apply(Func<Vector<float>, Vector<float>> f, float[] x)
    {
        var y = new float[x.Length];
        for (int j = 0; j < x.Length; j += VectorMath.Width) VectorMath.Store(y, j, f(VectorMath.Load(x, j)));
        return y;
    }

    static float[] Grid(float lo, float hi, int count) =>
        Enumerable.Range(0, count).Select(i => lo + (hi - lo) * i / (count - 1)).ToArray();

    static void AssertClose(float[] x, float[] got, Func<double, double> want, double rtol, double atol, string what)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double w = want(x[i]), err = Math.Abs(got[i] - w);
            if (!(err <= rtol * Math.Abs(w) + atol)) Assert.Fail($"{what}({x[i]:R}) = {got[i]:R}, want {w:R} (err {err:E2})");
        }
    }

    [Fact]
    public void ExpIsAccurateToAFewUlp()
    {
        var x = Grid(-87f, 88f, 20001).Concat([0f, 1f, -1f, 1e-8f, -1e-8f]).ToArray();
        AssertClose(x, Apply(VectorMath.Exp, x), Math.Exp, 4e-7, 0, "exp");
    }

    [Fact]
    public void ExpSaturatesInsteadOfOverflowing()
    {
        float[] x = [-1000f, -100f, 100f, 1000f, float.MaxValue, float.MinValue];
        var y = Apply(VectorMath.Exp, x);
        Assert.All(y, v => Assert.True(float.IsNormal(v), $"exp gave {v}"));
        Assert.True(y[0] < 1e-37f && y[3] > 1e38f);
    }

    [Fact]
    public void SigmoidAndTanhMatchDoublePrecision()
    {
        var x = Grid(-30f, 30f, 24001).Concat(Grid(-1e-3f, 1e-3f, 2001)).Concat([0.625f, -0.625f, 0.62499994f, 1e-30f]).ToArray();
        AssertClose(x, Apply(VectorMath.Sigmoid, x), v => 1 / (1 + Math.Exp(-v)), 5e-7, 1e-30, "sigmoid");
        AssertClose(x, Apply(VectorMath.Tanh, x), Math.Tanh, 5e-7, 1e-30, "tanh");
        Assert.Equal(1f, Apply(VectorMath.Tanh, [200f])[0]);
        Assert.Equal(-1f, Apply(VectorMath.Tanh, [-200f])[0]);
        Assert.Equal(0f, Apply(VectorMath.Sigmoid, [-200f])[0], 1e-30f);
    }

    [Fact]
    public void TailLanesAreNotWrittenPastTheEnd()
    {
        // A 3-float span inside a larger array: the store must leave the neighbours alone.
        var buf = Enumerable.Repeat(7f, 3 + VectorMath.Width).ToArray();
        VectorMath.Store(buf.AsSpan(0, 3), 0, VectorMath.Tanh(VectorMath.Load(new float[] { 1f, 2f, 3f }, 0)));
        Assert.Equal((float)Math.Tanh(2), buf[1], 1e-6f);
        Assert.All(buf[3..], v => Assert.Equal(7f, v));
    }

    [Fact]
    public void SpanExpAndSumExpCoverEveryTailLength()
    {
        var g = new Workbench.Tensors.Generator(3);
        for (int n = 1; n <= 3 * VectorMath.Width + 1; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)(g.NextNormal() * 5)).ToArray();
            var y = Enumerable.Repeat(-1f, n + 2).ToArray();
            VectorMath.Exp(x, y);
            AssertClose(x, y[..n], Math.Exp, 4e-7, 0, $"exp n={n}");
            Assert.Equal(-1f, y[n]);   // nothing written past the inputs
            double want = x.Sum(v => Math.Exp(v));
            Assert.True(Math.Abs(VectorMath.SumExp(x) - want) <= 4e-7 * want, $"sum exp n={n}: {VectorMath.SumExp(x)} vs {want}");
        }
    }

    [Fact]
    public void LogSumExpAndScaledSoftmaxMatchDoublePrecisionForEveryTailLength()
    {
        var g = new Workbench.Tensors.Generator(5);
        for (int n = 1; n <= 3 * VectorMath.Width + 1; n++)
        {
            // Large offsets: without the max shift e^x would overflow float.
            var x = Enumerable.Range(0, n).Select(_ => (float)(g.NextNormal() * 10 + 80)).ToArray();
            double max = x.Max(), want = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
            float lse = VectorMath.LogSumExp(x);
            Assert.True(Math.Abs(lse - want) <= 1e-6 * Math.Abs(want), $"logsumexp n={n}: {lse} vs {want}");
            var y = Enumerable.Repeat(-1f, n + 1).ToArray();
            VectorMath.ScaledSoftmax(x, lse, 0.5f, y.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                // x - lse in float is off by up to an ulp of x (about 1.2e-7 |x|), which e^ turns into a relative error.
                double p = 0.5 * Math.Exp(x[i] - want), tol = 4e-7 + 2.5e-7 * Math.Abs(x[i]);
                Assert.True(Math.Abs(y[i] - p) <= tol * p + 1e-30, $"softmax n={n} [{i}]: {y[i]} vs {p}");
            }
            Assert.Equal(-1f, y[n]);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void LogSumExpIsNaNWhenAnyElementIsNotFinite(float bad)
    {
        // In a full vector and in the tail: callers (cross-entropy) rely on this to reject the row.
        foreach (int n in new[] { VectorMath.Width, VectorMath.Width + 3 })
            for (int at = 0; at < n; at++)
            {
                var x = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
                x[at] = bad;
                Assert.True(float.IsNaN(VectorMath.LogSumExp(x)), $"n={n}, {bad} at {at}");
            }
    }
}
