using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Tests.Optim;

/// <summary>
/// clip_grad_norm_ scales every gradient by one factor, max_norm / (‖g‖ + 1e-6) with ‖g‖ the norm of all gradients
/// together, and only when that factor is below 1. Worked by hand with several tensors, so clipping each tensor by
/// its own norm (or forgetting a tensor) cannot pass.
/// </summary>
public class GradClipTests
{
    static Tensor Param(params float[] grad)
    {
        var p = Tensor.Zeros(grad.Length).RequiresGrad_();
        p.Grad = Tensor.FromArray(grad, grad.Length);
        return p;
    }

    static void AssertScaled(float[] original, Tensor p, double factor)
    {
        var g = p.Grad!.ToArray();
        for (int i = 0; i < original.Length; i++)
            Assert.True(Math.Abs(original[i] * factor - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(original[i])),
                $"element {i}: {g[i]} after clipping, expected {original[i]} * {factor} = {original[i] * factor}");
    }

    // Gradients with norms 5 and 12: the global norm is 13, so both are scaled by max_norm / 13 (5 -> 5/13, 12 -> 12/13
    // at max_norm 1). Per-tensor clipping would give norms 1 and 1.
    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    [InlineData(2f)]
    [InlineData(6.5f)]
    [InlineData(12.9f)]
    public void TwoTensorsWithNorms5And12AreScaledTogetherByMaxNormOver13(float maxNorm)
    {
        float[] a = [3, 4], b = [0, -12, 0];
        var (pa, pb) = (Param(a), Param(b));
        float norm = GradClip.ClipGradNorm([pa, pb], maxNorm);
        Assert.Equal(13f, norm, 5);
        double factor = maxNorm / (13 + 1e-6);
        AssertScaled(a, pa, factor);
        AssertScaled(b, pb, factor);
        // The clipped gradients together have norm max_norm; each keeps its share of it (5/13 and 12/13).
        Assert.Equal(5.0 * maxNorm / 13, Norm(pa), 4);
        Assert.Equal(12.0 * maxNorm / 13, Norm(pb), 4);
    }

    [Fact]
    public void ThreeTensorsAndOneWithoutAGradientShareOneFactor()
    {
        // Norms 2, 3 and 6 -> global sqrt(4 + 9 + 36) = 7; max_norm 3.5 halves everything. A parameter with no
        // gradient is skipped, not counted as zero and not touched.
        float[] a = [2], b = [0, 3], c = [4, -4, 2];
        var (pa, pb, pc) = (Param(a), Param(b), Param(c));
        var none = Tensor.Zeros(3).RequiresGrad_();
        float norm = GradClip.ClipGradNorm([pa, none, pb, pc], 3.5f);
        Assert.Equal(7f, norm, 5);
        Assert.Null(none.Grad);
        foreach (var (g, p) in new[] { (a, pa), (b, pb), (c, pc) }) AssertScaled(g, p, 3.5 / (7 + 1e-6));
    }

    [Theory]
    [InlineData(13f)]    // max_norm equal to the norm: factor 13 / (13 + 1e-6) is just below 1, as in PyTorch
    [InlineData(13.5f)]  // above: nothing changes
    [InlineData(100f)]
    public void GradientsWithinTheMaximumAreScaledOnlyByTheEpsilonOrNotAtAll(float maxNorm)
    {
        float[] a = [3, 4], b = [12];
        var (pa, pb) = (Param(a), Param(b));
        Assert.Equal(13f, GradClip.ClipGradNorm([pa, pb], maxNorm), 5);
        double factor = Math.Min(1, maxNorm / (13 + 1e-6));
        AssertScaled(a, pa, factor);
        AssertScaled(b, pb, factor);
    }

    [Fact]
    public void TheEpsilonIsAddedToTheNormAsInPyTorch()
    {
        // Norm 1e-3 clipped to 5e-4: factor 5e-4 / (1e-3 + 1e-6) = 0.4995..., not 0.5 (no epsilon) or 0.5005 (subtracted).
        float[] a = [6e-4f], b = [0f, 8e-4f];
        var (pa, pb) = (Param(a), Param(b));
        Assert.Equal(1e-3f, GradClip.ClipGradNorm([pa, pb], 5e-4f), 7);
        AssertScaled(a, pa, 5e-4 / (1e-3 + 1e-6));
        AssertScaled(b, pb, 5e-4 / (1e-3 + 1e-6));
        Assert.True(Math.Abs(pa.Grad![0] - 6e-4 * 0.4995005) < 1e-10, $"{pa.Grad![0]:R}");
    }

    [Fact]
    public void ManySmallTensorsWhoseOwnNormsAreBelowTheMaximumAreStillClipped()
    {
        // 16 tensors of norm 0.5 each: every one is within max_norm 1 on its own, the whole is at norm 2.
        var ps = Enumerable.Range(0, 16).Select(i => Param(i % 2 == 0 ? [0.3f, 0.4f] : [-0.5f])).ToArray();
        Assert.Equal(2f, GradClip.ClipGradNorm(ps, 1f), 5);
        Assert.Equal(1.0, Math.Sqrt(ps.Sum(p => Norm(p) * Norm(p))), 5);
        Assert.All(ps, p => Assert.Equal(0.25, Norm(p), 5));
    }

    [Fact]
    public void BadArgumentsAndNonFiniteGradientsAreNamedErrors()
    {
        Assert.Contains("max_norm must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([Param(1)], 0f)).Message);
        Assert.Contains("clip value must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue([Param(1)], 0f)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([Param(1)], float.NaN));
        var ex = Assert.Throws<ArithmeticException>(() => GradClip.ClipGradNorm([Param(1), Param(float.PositiveInfinity)], 1f));
        Assert.Contains("diverged", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue([Param(1)], -1f));
    }

    [Fact]
    public void ClipGradValueClampsEachElement()
    {
        var p = Param(-3, -0.2f, 0, 0.7f, 5);
        GradClip.ClipGradValue([p, Tensor.Zeros(1).RequiresGrad_()], 0.5f);
        Assert.Equal([-0.5f, -0.2f, 0, 0.5f, 0.5f], p.Grad!.ToArray());
    }

    static double Norm(Tensor p) => Math.Sqrt(p.Grad!.ToArray().Sum(v => (double)v * v));
}
