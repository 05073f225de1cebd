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

    [Fact]
    public void A_failing_part_is_reported_the_same_way_when_the_pool_is_busy()
    {
        // The inner call runs while the outer one holds the pool (or another test's loop does), so at least one of
        // the two runs its parts on the calling thread: both must report the failure as the pooled path does.
        var e = Assert.Throws<InvalidOperationException>(() => ParallelRanges.Run(2, p =>
        {
            if (p == 0) ParallelRanges.Run(3, q => { if (q == 1) throw new ArithmeticException("inner boom"); });
        }));
        Assert.Equal("parallel loop: a part failed: parallel loop: a part failed: inner boom", e.Message);
        var inner = Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.IsType<ArithmeticException>(inner.InnerException);
    }
}

