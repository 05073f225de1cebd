using System.Runtime.CompilerServices;

namespace Workbench.Tensors.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>Rows of C per register tile.</summary>
    internal const int MR = 6;

    /// <summary>
    /// One tile of C, TRows.Rows (at most MR) x TWidth (2 or 1 vectors): acc = sum over p of A[:,p] * B[p,:] in increasing p,
    /// one fused multiply-add per step and lane, then C = alpha*acc + beta*C (beta == 0: C is not read).
    /// Row r of A at k step p is ap[r*rs + p*ks]: a packed sliver has rs = 1, ks = MR; row-major A read
    /// in place has rs = lda, ks = 1. Row p of the packed B sliver starts at bp + p*bs (bs: its width).
    /// Every lane follows the same operation sequence whatever tile or thread it lands in, which is
    /// what makes the result independent of the partition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MicroKernel<TSimd, TVec, TWidth, TRows>(int kc, float* ap, nint rs, nint ks, float* bp, nint bs, float* c, int ldc, float alpha, float beta)
        where TSimd : struct, ISimd<TVec> where TVec : struct where TWidth : struct, ITileWidth where TRows : struct, ITileRows
    {
        int w = TSimd.Width;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero, c20 = TSimd.Zero, c21 = TSimd.Zero;
        TVec c30 = TSimd.Zero, c31 = TSimd.Zero, c40 = TSimd.Zero, c41 = TSimd.Zero, c50 = TSimd.Zero, c51 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(bp);
            TVec b1 = TWidth.Wide ? TSimd.Load(bp + w) : default;
            TVec a = TSimd.Broadcast(ap);
            c00 = TSimd.Fma(a, b0, c00); if (TWidth.Wide) c01 = TSimd.Fma(a, b1, c01);
            if (TRows.Rows > 1)
            {
                a = TSimd.Broadcast(ap + rs);
                c10 = TSimd.Fma(a, b0, c10); if (TWidth.Wide) c11 = TSimd.Fma(a, b1, c11);
            }
            if (TRows.Rows > 2)
            {
                a = TSimd.Broadcast(ap + 2 * rs);
                c20 = TSimd.Fma(a, b0, c20); if (TWidth.Wide) c21 = TSimd.Fma(a, b1, c21);
            }
            if (TRows.Rows > 3)
            {
                a = TSimd.Broadcast(ap + 3 * rs);
                c30 = TSimd.Fma(a, b0, c30); if (TWidth.Wide) c31 = TSimd.Fma(a, b1, c31);
            }
            if (TRows.Rows > 4)
            {
                a = TSimd.Broadcast(ap + 4 * rs);
                c40 = TSimd.Fma(a, b0, c40); if (TWidth.Wide) c41 = TSimd.Fma(a, b1, c41);
            }
            if (TRows.Rows > 5)
            {
                a = TSimd.Broadcast(ap + 5 * rs);
                c50 = TSimd.Fma(a, b0, c50); if (TWidth.Wide) c51 = TSimd.Fma(a, b1, c51);
            }
            ap += ks;
            bp += bs;
        }
        StoreRow<TSimd, TVec, TWidth>(c, c00, c01, alpha, beta);
        if (TRows.Rows > 1) StoreRow<TSimd, TVec, TWidth>(c + ldc, c10, c11, alpha, beta);
        if (TRows.Rows > 2) StoreRow<TSimd, TVec, TWidth>(c + 2 * ldc, c20, c21, alpha, beta);
        if (TRows.Rows > 3) StoreRow<TSimd, TVec, TWidth>(c + 3 * ldc, c30, c31, alpha, beta);
        if (TRows.Rows > 4) StoreRow<TSimd, TVec, TWidth>(c + 4 * ldc, c40, c41, alpha, beta);
        if (TRows.Rows > 5) StoreRow<TSimd, TVec, TWidth>(c + 5 * ldc, c50, c51, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow<TSimd, TVec, TWidth>(float* c, TVec acc0, TVec acc1, float alpha, float beta)
        where TSimd : struct, ISimd<TVec> where TVec : struct where TWidth : struct, ITileWidth
    {
        Combine<TSimd, TVec>(c, acc0, alpha, beta);
        if (TWidth.Wide) Combine<TSimd, TVec>(c + TSimd.Width, acc1, alpha, beta);
    }

    /// <summary>c = alpha*acc + beta*c as two roundings and an add, exactly like the scalar edge path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Combine<TSimd, TVec>(float* c, TVec acc, float alpha, float beta)
        where TSimd : struct, ISimd<TVec> where TVec : struct
    {
        TVec r = TSimd.Mul(TSimd.Splat(alpha), acc);
        if (beta != 0f) r = TSimd.Add(r, TSimd.Mul(TSimd.Splat(beta), TSimd.Load(c)));
        TSimd.Store(c, r);
    }
}
