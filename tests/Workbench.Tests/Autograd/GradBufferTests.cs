using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Tests.Autograd;

/// <summary>
/// The backward pass recycles gradient arrays between nodes and between steps (BufferPool). These tests
/// use tensors above the recycling threshold and check that reuse never leaks values: not from one step into the
/// next, not into a gradient the user kept, not through a pass-through node whose array lives on.
/// </summary>
public class GradBufferTests
{
    const int Rows = 96, In = 64, Classes = 70;   // [96, 64] and [96, 70]: well above the 4096-float threshold

    static (Tensor W, Tensor B) Model() =>
        (Tensor.Randn([Classes, In], new Generator(1)).RequiresGrad_(), Tensor.Randn([Classes], new Generator(2)).RequiresGrad_());

    /// <summary>One step's gradients: x -> linear -> reshape -> cross-entropy, x itself needing a gradient too.</summary>
    static float[][] Gradients(Tensor w, Tensor b, int seed)
    {
        var g = new Generator(seed);
        var x = Tensor.Randn([Rows / 2, 2, In], g).RequiresGrad_();
        var targets = Enumerable.Range(0, Rows).Select(_ => g.NextInt(Classes)).ToArray();
        w.Grad = b.Grad = null;
        Functional.CrossEntropy(Functional.Linear(x, w, b).Reshape(-1, Classes), targets).Backward();
        return [x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray()];
    }

    [Fact]
    public void RecycledArraysCarryNothingFromOneStepIntoTheNext()
    {
        var (w, b) = Model();
        var first = Gradients(w, b, seed: 10);
        // Steps on other data fill the recycled arrays with other values; the same data must give the same bits.
        Gradients(w, b, seed: 11);
        Gradients(w, b, seed: 12);
        var again = Gradients(w, b, seed: 10);
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], again[i]);
    }

    [Fact]
    public void AGradientTheUserKeptIsNeverReused()
    {
        var (w, b) = Model();
        Gradients(w, b, seed: 10);
        var kept = w.Grad!;
        var snapshot = kept.ToArray();
        for (int s = 0; s < 3; s++) Gradients(w, b, seed: 20 + s);
        Assert.Equal(snapshot, kept.ToArray());
        Assert.NotSame(kept, w.Grad);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APassedOnGradientAddsCorrectlyWithOtherUses(bool swapTerms)
    {
        // x feeds a reshape (its node hands its gradient array on to x), a linear layer behind another reshape (whose
        // backward takes a fresh array of x's size: it must not be the one x now holds) and a product.
        var g = new Generator(3);
        var x = Tensor.Randn([64, 80], g).RequiresGrad_();
        var w = Tensor.Randn([64, 64], g);
        var c1 = Tensor.Randn([80, 64], g);
        var c2 = Tensor.Randn([5120], g);
        var c3 = Tensor.Randn([64, 80], g);
        var viaLinear = (Functional.Linear(x.Reshape(80, 64), w) * c1).Sum();
        var viaView = (x.Reshape(-1) * c2).Sum() + (x * c3).Sum();
        (swapTerms ? viaView + viaLinear : viaLinear + viaView).Backward();
        // d/dx: c1 W (through the linear layer, reshaped back) + c2 + c3.
        var want = new float[64 * 80];
        for (int r = 0; r < 80; r++)
            for (int k = 0; k < 64; k++)
            {
                double sum = 0;
                for (int j = 0; j < 64; j++) sum += c1.Values[r * 64 + j] * w.Values[j * 64 + k];
                want[r * 64 + k] = (float)sum;
            }
        for (int i = 0; i < want.Length; i++) want[i] += c2.Values[i] + c3.Values[i];
        var got = x.Grad!.ToArray();
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(want[i] - got[i]) <= 1e-4 * (1 + Math.Abs(want[i])), $"dx[{i}] = {got[i]}, want {want[i]}");
    }
}
