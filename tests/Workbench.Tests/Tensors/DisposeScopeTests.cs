using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Tests.Tensors;

/// <summary>
/// Tensor.NewDisposeScope(): tensors made inside are disposed when it ends and their storage is recycled; moved-out
/// tensors, parameters and gradients survive; recycling never changes a number.
/// </summary>
public class DisposeScopeTests
{
    [Fact]
    public void TensorsMadeInsideAreDisposedAndSayWhyWhenRead()
    {
        Tensor inside;
        using (Tensor.NewDisposeScope())
        {
            inside = Tensor.Ones(3, 4) * 2f;
            Assert.Equal(24f, inside.Sum().Item());
        }
        Assert.True(inside.IsDisposed);
        var e = Assert.Throws<ObjectDisposedException>(() => inside.ToArray());
        Assert.Contains("tensor [3, 4] was disposed", e.Message);
        Assert.Contains("MoveToOuterDisposeScope", e.Message);
        Assert.EndsWith("disposed", inside.ToString());
        Assert.Equal(12, inside.Numel);   // the shape is still known
    }

    [Fact]
    public void MovedOutTensorsSurviveAndNestedScopesHandThemOutward()
    {
        Tensor kept, keptInner;
        using (Tensor.NewDisposeScope())
        {
            using (Tensor.NewDisposeScope())
            {
                keptInner = (Tensor.Ones(2) * 3f).MoveToOuterDisposeScope();   // to the outer scope
            }
            Assert.False(keptInner.IsDisposed);
            kept = (keptInner * 2f).MoveToOuterDisposeScope();               // to no scope
        }
        Assert.True(keptInner.IsDisposed);   // the outer scope ended
        Assert.Equal(new float[] { 6, 6 }, kept.ToArray());
    }

    [Fact]
    public void ParametersAndGradientsMadeInsideSurvive()
    {
        Linear layer;
        using (Tensor.NewDisposeScope())
        {
            layer = new Linear(80, 70, generator: new Generator(1));   // above the recycling threshold
            Functional.Linear(Tensor.Ones(2, 80), layer.Weight, layer.Bias).Sum().Backward();
        }
        Assert.False(layer.Weight.IsDisposed);
        Assert.Equal(2f, layer.Weight.Grad!.Values[0]);
        Assert.Equal(2f, layer.Bias!.Grad!.Values[69]);
    }

    [Fact]
    public void StorageIsReusedByTheNextScopeButNeverUnderAMovedOutView()
    {
        float[]? first;
        Tensor view;
        using (Tensor.NewDisposeScope())
        {
            var y = Functional.Linear(Tensor.Ones(100, 80), Tensor.Ones(70, 80));   // 7000 floats, lent by the scope
            first = y.StorageOrNull;
            view = y.Reshape(-1).MoveToOuterDisposeScope();                          // keeps y's storage
        }
        using (Tensor.NewDisposeScope())
        {
            var z = Functional.Linear(Tensor.Ones(100, 80), Tensor.Full(2f, 70, 80));
            Assert.NotSame(first, z.StorageOrNull);
        }
        Assert.All(view.ToArray(), v => Assert.Equal(80f, v));
        float[]? reused;
        using (Tensor.NewDisposeScope())
        {
            var y = Functional.Linear(Tensor.Ones(100, 80), Tensor.Ones(70, 80));
            reused = y.StorageOrNull;
        }
        using (Tensor.NewDisposeScope())
        {
            var y = Functional.Linear(Tensor.Ones(100, 80), Tensor.Ones(70, 80));
            Assert.Same(reused, y.StorageOrNull);   // the previous step's array, recycled
        }
    }

    [Fact]
    public void TrainingInsideScopesGivesTheSameNumbersAsWithout()
    {
        static float[] Train(bool scoped)
        {
            var (l1, l2) = (new Linear(64, 96, generator: new Generator(2)), new Linear(96, 70, generator: new Generator(3)));
            var parameters = l1.Parameters().Concat(l2.Parameters()).ToArray();
            var adam = new Adam(parameters, 1e-2f);
            var g = new Generator(4);
            for (int step = 0; step < 5; step++)
            {
                var x = Tensor.Randn([96, 64], g);
                var y = Enumerable.Range(0, 96).Select(_ => g.NextInt(70)).ToArray();
                using var scope = scoped ? Tensor.NewDisposeScope() : null;
                adam.ZeroGrad();
                Functional.CrossEntropy(l2.Forward(l1.Forward(x).Tanh()), y).Backward();
                adam.Step();
            }
            return parameters.SelectMany(p => p.ToArray()).ToArray();
        }
        Assert.Equal(Train(scoped: false), Train(scoped: true));
    }

    [Fact]
    public void ScopesMustEndInnermostFirst()
    {
        var outer = Tensor.NewDisposeScope();
        var inner = Tensor.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.Null(DisposeScope.Current);
    }
}
