using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Kernels;

/// <summary>The parallel loops of a training step share the GEMM helper threads: every index exactly once, a nested
/// call still completes, and a failing part surfaces without leaving the helpers busy.</summary>
public class ParallelRangesTests
{
    [Theory]
    [InlineData(1, 1_000_000)]
    [InlineData(7, 1_000_000)]
    [InlineData(100_003, 8)]
    [InlineData(5, 1)]   // too little work to split
    public void EveryIndexIsVisitedExactlyOnce(int n, long cost)
    {
        var hits = new int[n];
        ParallelRanges.For(n, cost, (i0, i1) => { for (int i = i0; i < i1; i++) Interlocked.Increment(ref hits[i]); });
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void NestedLoopsRunOnTheCallerWhenTheHelpersAreBusy()
    {
        var hits = new int[4 * 1000];
        ParallelRanges.Run(4, p => ParallelRanges.For(1000, 1_000_000, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++) Interlocked.Increment(ref hits[p * 1000 + i]);
        }));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void AFailingPartIsReportedAndThePoolIsFreeAfterwards()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ParallelRanges.Run(2, p =>
        {
            if (p == 0) throw new ArithmeticException("boom");
            Thread.Sleep(20);
        }));
        Assert.Contains("a part failed: boom", e.Message);
        // The pool takes the next job: a parallel GEMM still matches the reference.
        int m = 64, n = 64, k = 96;
        var g = new Workbench.Tensors.Generator(1);
        var a = Enumerable.Range(0, m * k).Select(_ => g.NextFloat()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => g.NextFloat()).ToArray();
        var c = new float[m * n];
        Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        for (int i = 0; i < m; i += 13)
            for (int j = 0; j < n; j += 11)
            {
                double want = 0;
                for (int p = 0; p < k; p++) want += a[i * k + p] * b[p * n + j];
                Assert.Equal(want, c[i * n + j], 3);
            }
    }
}
