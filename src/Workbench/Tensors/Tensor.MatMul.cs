using Workbench.Tensors.Kernels;

namespace Workbench.Tensors;

public sealed partial class Tensor
{
    /// <summary>Matrix product. a: [M, K] or [B, M, K]; b: [K, N] or [B, K, N] (a 2-D b is shared by every
    /// batch entry). With <paramref name="transposeA"/>/<paramref name="transposeB"/> the last two dimensions
    /// of that operand are read transposed without a copy (BLAS style).</summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        if (a.Rank is < 2 or > 3 || b.Rank is < 2 or > 3 || (a.Rank == 2 && b.Rank == 3))
            throw new ArgumentException($"matmul: supports [M,K]x[K,N], [B,M,K]x[K,N] and [B,M,K]x[B,K,N]; got {ShapeUtil.Format(a.shape)} x {ShapeUtil.Format(b.shape)}.");
        int batch = a.Rank == 3 ? a.shape[0] : 1;
        int ar = a.shape[^2], ac = a.shape[^1], br = b.shape[^2], bc = b.shape[^1];
        int m = transposeA ? ac : ar, k = transposeA ? ar : ac, kb = transposeB ? bc : br, n = transposeB ? br : bc;
        if (k != kb || (b.Rank == 3 && b.shape[0] != batch))
            throw new ArgumentException($"matmul: shapes {ShapeUtil.Format(a.shape)}{(transposeA ? "ᵀ" : "")} and {ShapeUtil.Format(b.shape)}{(transposeB ? "ᵀ" : "")} do not align (inner sizes {k} and {kb}{(b.Rank == 3 ? $", batches {batch} and {b.shape[0]}" : "")}).");

        bool sharedB = b.Rank == 2;
        // [B,M,K] x [K,N] without transposeA is one big [B*M, K] x [K, N] product.
        int calls = sharedB && !transposeA ? 1 : batch, mm = sharedB && !transposeA ? batch * m : m;
        int aStride = ar * ac, bStride = sharedB ? 0 : br * bc, cStride = mm * n;
        var y = new float[batch * m * n];
        for (int i = 0; i < calls; i++)
            Gemm.Sgemm(transposeA, transposeB, mm, n, k, 1f, a.data.AsSpan(i * aStride), ac, b.data.AsSpan(i * bStride), bc, 0f, y.AsSpan(i * cStride), n);

        int[] outShape = a.Rank == 3 ? [batch, m, n] : [m, n];
        return FromOp(y, outShape, "MmBackward", [a, b], g =>
        {
            if (a.requiresGrad)
            {   // d op(A) = dC op(B)^T, written back in A's storage layout
                var ga = new float[a.data.Length];
                for (int i = 0; i < calls; i++)
                {
                    if (!transposeA)
                        Gemm.Sgemm(false, !transposeB, mm, k, n, 1f, g.AsSpan(i * cStride), n, b.data.AsSpan(i * bStride), bc, 0f, ga.AsSpan(i * aStride), ac);
                    else
                        Gemm.Sgemm(transposeB, true, k, m, n, 1f, b.data.AsSpan(i * bStride), bc, g.AsSpan(i * cStride), n, 0f, ga.AsSpan(i * aStride), ac);
                }
                a.AccumulateGrad(ga);
            }
            if (b.requiresGrad)
            {   // d op(B) = op(A)^T dC, summed over the batch when B is shared
                var gb = new float[b.data.Length];
                for (int i = 0; i < calls; i++)
                {
                    float beta = sharedB && i > 0 ? 1f : 0f;
                    if (!transposeB)
                        Gemm.Sgemm(!transposeA, false, k, n, mm, 1f, a.data.AsSpan(i * aStride), ac, g.AsSpan(i * cStride), n, beta, gb.AsSpan(i * bStride), bc);
                    else
                        Gemm.Sgemm(true, transposeA, n, k, mm, 1f, g.AsSpan(i * cStride), n, a.data.AsSpan(i * aStride), ac, beta, gb.AsSpan(i * bStride), bc);
                }
                b.AccumulateGrad(gb);
            }
        });
    }

    public Tensor MatMul(Tensor other) => MatMul(this, other);
}
