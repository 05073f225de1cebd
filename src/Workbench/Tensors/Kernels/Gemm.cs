namespace Workbench.Tensors.Kernels;

/// <summary>
/// Single-precision matrix product on row-major storage:
/// C[m,n] = alpha * sum_k op(A)[m,k] * op(B)[k,n] + beta * C[m,n],
/// where op(A) is A (m x k, row stride lda) or, with transA, A is stored k x m and read transposed.
/// Each element of C sums over k in one fixed order whatever the thread count, so results are
/// bit-identical across machines with the same instruction set.
/// </summary>
public static unsafe partial class Gemm
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        CheckArgs(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            Sgemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    internal static void CheckArgs(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb, int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"gemm: negative size m={m} n={n} k={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        if (lda < Math.Max(1, aCols) || ldb < Math.Max(1, bCols) || ldc < Math.Max(1, n))
            throw new ArgumentException($"gemm: leading dimensions too small (lda={lda}, ldb={ldb}, ldc={ldc}) for m={m} n={n} k={k}.");
        if (aRows > 0 && (long)(aRows - 1) * lda + aCols > aLen) throw new ArgumentException($"gemm: A has {aLen} elements, needs {(long)(aRows - 1) * lda + aCols}.");
        if (bRows > 0 && (long)(bRows - 1) * ldb + bCols > bLen) throw new ArgumentException($"gemm: B has {bLen} elements, needs {(long)(bRows - 1) * ldb + bCols}.");
        if (m > 0 && (long)(m - 1) * ldc + n > cLen) throw new ArgumentException($"gemm: C has {cLen} elements, needs {(long)(m - 1) * ldc + n}.");
    }
}
