using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>The threading of a recurrence: batch rows are independent through time, so each worker runs the whole
/// recurrence on its own block of rows, one fork and join per pass instead of one per step.</summary>
internal static class RowBlocks
{
    /// <summary>Runs <paramref name="body"/>(firstRow, rowCount) on disjoint blocks of <paramref name="batch"/> rows,
    /// one per thread (Gemm.MaxThreads of them, at most one per row).</summary>
    public static void ForEach(int batch, Action<int, int> body)
    {
        int parts = Math.Min(Gemm.MaxThreads, batch);
        if (parts <= 1) { body(0, batch); return; }
        ParallelRanges.Run(parts, p =>
        {
            int b0 = batch * p / parts, b1 = batch * (p + 1) / parts;
            body(b0, b1 - b0);
        });
    }
}
