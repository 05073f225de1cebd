namespace Workbench.Tensors.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>Pointer entry point; callers guarantee the extents (see CheckArgs).</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        => Packed(BestIsa, MaxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Plain triple loop, the ground truth the fast kernel is tested against.</summary>
    internal static void Reference(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0f;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                float* cij = c + (long)i * ldc + j;
                *cij = beta == 0f ? alpha * s : alpha * s + beta * *cij;
            }
    }
}
