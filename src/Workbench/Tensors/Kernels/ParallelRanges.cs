namespace Workbench.Tensors.Kernels;

/// <summary>
/// Splits 0..n into contiguous ranges, one per thread (up to <see cref="Gemm.MaxThreads"/>), for elementwise and
/// row-wise loops that are big enough to repay waking a thread. Each index is handled exactly as a serial loop
/// would handle it, so results never depend on the thread count: callers split only along independent items
/// (rows of a loss, columns of a sum over rows, elements of an optimizer update).
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Below this much work (items x cost per item, in rough multiply-adds) one thread does it all.</summary>
    const long MinWork = 1L << 16;

    public static void For(int n, long costPerItem, Action<int, int> body)
    {
        int parts = (int)Math.Min(Math.Min(Gemm.MaxThreads, n), Math.Max(1, n * costPerItem / MinWork));
        if (parts <= 1) { if (n > 0) body(0, n); return; }
        Run(parts, p => body((int)((long)n * p / parts), (int)((long)n * (p + 1) / parts)));
    }

    /// <summary>Σ over the first <paramref name="rows"/> rows of row-major <paramref name="m"/> [rows, cols] (a bias
    /// gradient), split by columns: every column adds its rows in order, whatever the thread count.</summary>
    public static float[] ColumnSums(float[] m, int rows, int cols)
    {
        var sum = new float[cols];
        For(cols, rows, (c0, c1) =>
        {
            var part = sum.AsSpan(c0, c1 - c0);
            for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(part, m.AsSpan(r * cols + c0, c1 - c0), part);
        });
        return sum;
    }

    /// <summary>part(0) .. part(parts - 1) on the GEMM helper threads (see <see cref="GemmWorkers"/>), or one after
    /// the other on this thread when they are busy (a nested call, or another thread's loop). A failing part is
    /// reported the same way on both paths, so what a caller sees does not depend on the machine's load.</summary>
    public static void Run(int parts, Action<int> part)
    {
        if (parts > 1 && GemmWorkers.TryRun(part, parts, parts)) return;
        for (int p = 0; p < parts; p++)
        {
            try { part(p); }
            catch (Exception e) when (parts > 1) { throw GemmWorkers.PartFailed("parallel loop", e); }
        }
    }
}
