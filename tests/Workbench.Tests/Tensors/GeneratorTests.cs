using Workbench.Tensors;

namespace Workbench.Tests.Tensors;

public class GeneratorTests
{
    [Fact]
    public void SameSeedGivesSameStream()
    {
        var a = new Generator(42); var b = new Generator(42);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void DifferentSeedsDiffer()
    {
        var a = new Generator(1); var b = new Generator(2);
        Assert.NotEqual(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void NormalSamplesHaveUnitMomentsAndUniformIsInRange()
    {
        var g = new Generator(7);
        double s = 0, s2 = 0; const int n = 200_000;
        for (int i = 0; i < n; i++) { double x = g.NextNormal(); s += x; s2 += x * x; }
        Assert.InRange(s / n, -0.01, 0.01);
        Assert.InRange(s2 / n, 0.98, 1.02);
        for (int i = 0; i < 10_000; i++) { float u = g.NextFloat(); Assert.InRange(u, 0f, 0.99999994f); }
    }

    [Fact]
    public void StateRoundTripResumesTheStream()
    {
        var g = new Generator(3);
        g.NextNormal();                  // leaves a spare normal in the state
        var state = g.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => g.NextNormal()).ToArray();
        var h = new Generator(999);
        h.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => h.NextNormal()).ToArray());
    }

    [Fact]
    public void PermutationIsAPermutation()
    {
        var p = new Generator(5).Permutation(100);
        Assert.Equal(Enumerable.Range(0, 100), p.OrderBy(x => x));
    }
}
