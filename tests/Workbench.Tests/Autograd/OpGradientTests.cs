using Workbench.Autograd;
using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Tests.Autograd;

/// <summary>Finite-difference gradient check of every differentiable op.</summary>
public class OpGradientTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed));
    static Tensor Pos(int seed, params int[] shape) => Tensor.Uniform(shape, 0.5f, 2f, new Generator(seed));

    // name -> (function, inputs); inputs are rebuilt for each case so cases are independent.
    public static readonly Dictionary<string, Func<(Func<Tensor[], Tensor> f, Tensor[] x)>> Cases = new()
    {
        ["add"] = () => (x => x[0] + x[1], [R(1, 3, 4), R(2, 3, 4)]),
        ["add-broadcast-row"] = () => (x => x[0] + x[1], [R(1, 3, 4), R(2, 4)]),
        ["add-broadcast-both"] = () => (x => x[0] + x[1], [R(1, 3, 1), R(2, 1, 4)]),
        ["sub-broadcast"] = () => (x => x[0] - x[1], [R(1, 2, 3, 4), R(2, 3, 1)]),
        ["mul-broadcast"] = () => (x => x[0] * x[1], [R(1, 2, 3, 4), R(2, 1, 4)]),
        ["div-broadcast"] = () => (x => x[0] / x[1], [R(1, 3, 4), Pos(2, 3, 1)]),
        ["add-scalar"] = () => (x => x[0] + 1.5f, [R(1, 5)]),
        ["mul-scalar"] = () => (x => x[0] * -2.5f, [R(1, 5)]),
        ["rsub-scalar"] = () => (x => 1f - x[0], [R(1, 5)]),
        ["neg"] = () => (x => -x[0], [R(1, 5)]),
        ["tanh"] = () => (x => x[0].Tanh(), [R(1, 4, 5)]),
        ["sigmoid"] = () => (x => x[0].Sigmoid(), [R(1, 4, 5)]),
        ["relu"] = () => (x => x[0].Relu(), [Tensor.FromArray([-1.5f, -0.3f, 0.4f, 2f, 0.9f, -2f], 2, 3)]),
        ["exp"] = () => (x => x[0].Exp(), [R(1, 4, 5)]),
        ["log"] = () => (x => x[0].Log(), [Pos(1, 4, 5)]),
        ["sqrt"] = () => (x => x[0].Sqrt(), [Pos(1, 4, 5)]),
        ["square"] = () => (x => x[0].Square(), [R(1, 4, 5)]),
        ["matmul"] = () => (x => Tensor.MatMul(x[0], x[1]), [R(1, 3, 4), R(2, 4, 5)]),
        ["matmul-tA"] = () => (x => Tensor.MatMul(x[0], x[1], transposeA: true), [R(1, 4, 3), R(2, 4, 5)]),
        ["matmul-tB"] = () => (x => Tensor.MatMul(x[0], x[1], transposeB: true), [R(1, 3, 4), R(2, 5, 4)]),
        ["matmul-tAtB"] = () => (x => Tensor.MatMul(x[0], x[1], true, true), [R(1, 4, 3), R(2, 5, 4)]),
        ["matmul-batched"] = () => (x => Tensor.MatMul(x[0], x[1]), [R(1, 2, 3, 4), R(2, 2, 4, 5)]),
        ["matmul-batched-tB"] = () => (x => Tensor.MatMul(x[0], x[1], transposeB: true), [R(1, 2, 3, 4), R(2, 2, 5, 4)]),
        ["matmul-shared-B"] = () => (x => Tensor.MatMul(x[0], x[1]), [R(1, 2, 3, 4), R(2, 4, 5)]),
        ["matmul-shared-B-tA"] = () => (x => Tensor.MatMul(x[0], x[1], transposeA: true), [R(1, 2, 4, 3), R(2, 4, 5)]),
        ["softmax-last"] = () => (x => x[0].Softmax(-1), [R(1, 3, 5)]),
        ["softmax-middle"] = () => (x => x[0].Softmax(1), [R(1, 2, 4, 3)]),
        ["log-softmax-last"] = () => (x => x[0].LogSoftmax(-1), [R(1, 3, 5)]),
        ["log-softmax-first"] = () => (x => x[0].LogSoftmax(0), [R(1, 4, 3)]),
        ["sum"] = () => (x => x[0].Sum(), [R(1, 3, 4)]),
        ["mean"] = () => (x => x[0].Mean(), [R(1, 3, 4)]),
        ["sum-dim"] = () => (x => x[0].Sum(1), [R(1, 2, 3, 4)]),
        ["mean-dim-keep"] = () => (x => x[0].Mean(-1, keepdim: true), [R(1, 2, 3, 4)]),
        ["max-dim"] = () => (x => x[0].Max(1), [R(1, 3, 4)]),
        ["reshape"] = () => (x => x[0].Reshape(4, -1) * x[1], [R(1, 2, 6), R(2, 4, 3)]),
        ["narrow"] = () => (x => x[0].Narrow(1, 1, 2), [R(1, 3, 4)]),
        ["select"] = () => (x => x[0].Select(1, -1), [R(1, 3, 4)]),
        ["index-select-repeats"] = () => (x => x[0].IndexSelect(0, [2, 0, 2]), [R(1, 3, 4)]),
        ["cat"] = () => (x => Tensor.Cat([x[0], x[1]], 1), [R(1, 2, 3), R(2, 2, 2)]),
        ["stack"] = () => (x => Tensor.Stack([x[0], x[1]], 1), [R(1, 2, 3), R(2, 2, 3)]),
        ["transpose"] = () => (x => x[0].Transpose(0, 2) * x[1], [R(1, 2, 3, 4), R(2, 4, 3, 2)]),
        ["t"] = () => (x => x[0].T(), [R(1, 3, 4)]),
        ["linear"] = () => (x => Functional.Linear(x[0], x[1], x[2]), [R(1, 2, 3, 4), R(2, 5, 4), R(3, 5)]),
        ["linear-no-bias"] = () => (x => Functional.Linear(x[0], x[1]), [R(1, 3, 4), R(2, 5, 4)]),
        ["embedding"] = () => (x => Functional.Embedding(x[0], [1, 3, 1, 0, 2, 3], [2, 3]), [R(1, 4, 3)]),
        ["dropout"] = () => (x => Functional.Dropout(x[0], 0.4f, true, new Generator(9)), [R(1, 4, 5)]),
        ["cross-entropy"] = () => (x => Functional.CrossEntropy(x[0], [0, 3, 1, 2]), [R(1, 4, 5)]),
        ["cross-entropy-ignore-mask"] = () => (x => Functional.CrossEntropy(x[0], [0, -100, 1, 2, 4, 4], mask: Tensor.FromArray([1f, 1f, 0f, 1f, 0.5f, 1f], 6)), [R(1, 2, 3, 5)]),
        ["cross-entropy-sum"] = () => (x => Functional.CrossEntropy(x[0], [0, 3, 1], reduction: Reduction.Sum), [R(1, 3, 5)]),
        ["cross-entropy-none"] = () => (x => Functional.CrossEntropy(x[0], [0, 3, 1], reduction: Reduction.None), [R(1, 3, 5)]),
        ["nll"] = () => (x => Functional.NllLoss(x[0].LogSoftmax(-1), [2, 0, 1]), [R(1, 3, 4)]),
        ["composite-reuse"] = () => (x => (x[0] * x[0] + x[0].Tanh() * x[1]).Sum(0), [R(1, 3, 4), R(2, 3, 4)]),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var (f, x) = Cases[name]();
        var result = GradCheck.Check(f, x);
        Assert.True(result.Passed, $"{name}: {result}");
    }

    [Fact]
    public void EmbeddingPaddingRowGetsNoGradientOthersDo()
    {
        var w = R(1, 3, 2).RequiresGrad_();
        Functional.Embedding(w, [1, 0, 0, 2, 1], [5], paddingIdx: 0).Sum().Backward();
        // Row 0 is padding (PyTorch's padding_idx): no gradient. Row 1 is used twice, row 2 once.
        Assert.Equal(new float[] { 0, 0, 2, 2, 1, 1 }, w.Grad!.ToArray());
    }

    [Fact]
    public void GradCheckCatchesAWrongGradient()
    {
        // An op whose backward is deliberately off by a factor of 2 must fail the check.
        static Tensor Broken(Tensor[] x)
        {
            var a = x[0];
            return Tensor.FromOp(a.ToArray(), a.Shape, "BrokenBackward", [a], g => a.AccumulateGrad(g.Select(v => 2 * v).ToArray()));
        }
        Assert.False(GradCheck.Check(Broken, [R(1, 3)]).Passed);
    }
}
