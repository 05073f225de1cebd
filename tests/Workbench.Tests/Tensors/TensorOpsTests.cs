using Workbench.Autograd;
using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Tests.Tensors;

/// <summary>Forward values of ops against hand-worked examples, broadcasting rules and error messages.</summary>
public class TensorOpsTests
{
    static Tensor T(float[] v, params int[] s) => Tensor.FromArray(v, s);

    [Fact]
    public void BroadcastingFollowsNumpyRules()
    {
        var a = T([1, 2, 3], 3, 1);
        var b = T([10, 20], 2);
        var c = a + b;
        Assert.Equal(new[] { 3, 2 }, c.Shape);
        Assert.Equal(new float[] { 11, 21, 12, 22, 13, 23 }, c.ToArray());
        var d = T([1, 2, 3, 4, 5, 6], 2, 3) * T([2], 1);
        Assert.Equal(new float[] { 2, 4, 6, 8, 10, 12 }, d.ToArray());
        var e = T([6, 8], 2, 1, 1) / T([1, 2, 4], 1, 3);
        Assert.Equal(new[] { 2, 1, 3 }, e.Shape);
        Assert.Equal(new float[] { 6, 3, 1.5f, 8, 4, 2 }, e.ToArray());
    }

    [Fact]
    public void BroadcastGradientSumsOverExpandedDimensions()
    {
        var a = T([1, 2, 3], 3, 1).RequiresGrad_();
        var b = T([10, 20], 2).RequiresGrad_();
        (a * b).Sum().Backward();
        Assert.Equal(new float[] { 30, 30, 30 }, a.Grad!.ToArray());     // sum of b over the broadcast row
        Assert.Equal(new float[] { 6, 6 }, b.Grad!.ToArray());           // sum of a
    }

    [Fact]
    public void IncompatibleShapesNameTheOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => T([1, 2, 3], 3) + T([1, 2], 2));
        Assert.Contains("add", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
        var mm = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("matmul", mm.Message);
        Assert.Contains("[2, 3]", mm.Message);
        Assert.Contains("[4, 5]", mm.Message);
    }

    [Fact]
    public void MatMulMatchesHandWorkedProduct()
    {
        var a = T([1, 2, 3, 4, 5, 6], 2, 3);
        var b = T([7, 8, 9, 10, 11, 12], 3, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, Tensor.MatMul(a, b).ToArray());
        Assert.Equal(new float[] { 58, 64, 139, 154 }, Tensor.MatMul(a.T(), b.T(), true, true).ToArray());
    }

    [Fact]
    public void ReductionsAlongDimensions()
    {
        var x = T([1, 5, 3, 4, 2, 6], 2, 3);
        Assert.Equal(new float[] { 5, 7, 9 }, x.Sum(0).ToArray());
        Assert.Equal(new float[] { 3, 4 }, x.Mean(1).ToArray());
        Assert.Equal(new[] { 2, 1 }, x.Mean(1, keepdim: true).Shape);
        Assert.Equal(new float[] { 5, 6 }, x.Max(1).ToArray());
        Assert.Equal(new float[] { 1, 2 }, x.Argmax(1).ToArray());
        Assert.Equal(new[] { 1, 0, 1 }, x.ArgmaxIndices(0));
        Assert.Equal(21f, x.Sum().Item());
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsStableForHugeLogits()
    {
        var x = T([1000, 1001, 1002, -5, 0, 5], 2, 3);
        var p = x.Softmax(-1).ToArray();
        Assert.Equal(1.0, p[0] + p[1] + p[2], 5);
        Assert.Equal(1.0, p[3] + p[4] + p[5], 5);
        var lp = x.LogSoftmax(-1).ToArray();
        Assert.All(lp, v => Assert.True(float.IsFinite(v)));
        // log softmax([0,1,2]) = [0,1,2] - log(1 + e + e^2)
        double lse = Math.Log(1 + Math.E + Math.E * Math.E);
        Assert.Equal(-lse, lp[0], 4);
        Assert.Equal(2 - lse, lp[2], 4);
    }

    [Fact]
    public void ShapeOpsMoveTheRightValues()
    {
        var x = T([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 2, 3, 2);
        Assert.Equal(new float[] { 2, 3, 4, 5, 8, 9, 10, 11 }, x.Narrow(1, 1, 2).ToArray());
        Assert.Equal(new float[] { 4, 5, 10, 11 }, x.Select(1, 2).ToArray());
        Assert.Equal(new float[] { 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5 }, x.IndexSelect(0, [1, 0]).ToArray());
        Assert.Equal(new[] { 2, 2, 3 }, x.Transpose(1, 2).Shape);
        Assert.Equal(new float[] { 0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11 }, x.Transpose(1, 2).ToArray());
        var c = Tensor.Cat([T([1, 2], 1, 2), T([3, 4, 5, 6], 2, 2)], 0);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c.ToArray());
        var s = Tensor.Stack([T([1, 2], 2), T([3, 4], 2)], 1);
        Assert.Equal(new float[] { 1, 3, 2, 4 }, s.ToArray());
        Assert.Equal(new[] { 3, 4 }, x.Reshape(3, -1).Shape);
        Assert.Throws<ArgumentException>(() => x.Reshape(5, -1));
        var nar = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2));
        Assert.Contains("size 3", nar.Message);
    }

    [Fact]
    public void EmbeddingRejectsOutOfRangeIdsNamingTheId()
    {
        var emb = new Embedding(5, 3, generator: new Generator(0));
        var ex = Assert.Throws<IndexOutOfRangeException>(() => emb.Forward([1, 7, 2], 3));
        Assert.Contains("7", ex.Message);
        Assert.Contains("vocabulary of 5", ex.Message);
        Assert.Throws<IndexOutOfRangeException>(() => emb.Forward([-1], 1));
    }

    [Fact]
    public void CrossEntropyMatchesHandComputationAndIgnoresPadding()
    {
        // Row 0: logits [0, ln 3] target 1 -> -log(3/4); row 1 target ignored.
        var logits = T([0, MathF.Log(3), 5, -5], 2, 2);
        var loss = Functional.CrossEntropy(logits, [1, -100]);
        Assert.Equal(-Math.Log(0.75), loss.Item(), 5);
        var all = Functional.CrossEntropy(logits, [-100, -100]);
        Assert.Equal(0f, all.Item());
    }

    [Fact]
    public void CrossEntropyRejectsNonFiniteLogitsAndBadTargets()
    {
        var nan = Assert.Throws<ArithmeticException>(() => Functional.CrossEntropy(T([0, float.NaN, 1, 2], 2, 2), [0, 1]));
        Assert.Contains("row 0", nan.Message);
        var inf = Assert.Throws<ArithmeticException>(() => Functional.CrossEntropy(T([0, 1, float.PositiveInfinity, 2], 2, 2), [0, 1]));
        Assert.Contains("row 1", inf.Message);
        var bad = Assert.Throws<IndexOutOfRangeException>(() => Functional.CrossEntropy(T([0, 1, 2, 3], 2, 2), [0, 2]));
        Assert.Contains("target 2", bad.Message);
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(T([0, 1, 2, 3], 2, 2), [0]));
    }

    [Fact]
    public void AutogradAccumulatesAndNoGradRecordsNothing()
    {
        var w = T([2], 1).RequiresGrad_();
        (w * w).Sum().Backward();
        (w * w).Sum().Backward();
        Assert.Equal(8f, w.Grad!.Item());   // 2w twice
        using (new NoGrad())
        {
            var y = w * w;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }
        var d = (w * 3f).Detach();
        Assert.False(d.RequiresGrad);
    }

    [Fact]
    public void BackwardOfNonScalarNeedsAGradient()
    {
        var w = T([1, 2], 2).RequiresGrad_();
        var ex = Assert.Throws<InvalidOperationException>(() => (w * 2f).Backward());
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void ToStringShowsShapeAndTruncatesLikeTorchSharp()
    {
        var s = Tensor.Arange(20).Reshape(2, 10).ToString();
        Assert.StartsWith("[2x10], type = Float32, device = cpu", s);
        Assert.Contains("...", s);
        Assert.Contains("19", s);
        Assert.DoesNotContain("  10 ", s.Split('\n')[1]);
    }
}
