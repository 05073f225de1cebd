using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Tensors.Kernels;

/// <summary>Packing of op(A) and op(B) blocks into the layouts the micro-kernel streams.</summary>
public static unsafe partial class Gemm
{
    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] as slivers of MR rows: within a sliver, k step p holds the MR
    /// values of column p contiguously. Rows past mc are zero. (The driver reads row-major A in
    /// place and packs it only for a ragged last sliver, so that branch favours simplicity.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float* dst)
    {
        if (transA)
        {
            // A is stored k x m: walk its rows once, in order, handing each sliver its MR values.
            // Where 8 columns remain, copy 8 at once; the 2 extra land in the next k step's slots,
            // which are rewritten next (so not on the last k step).
            float* src = a + (long)pc * lda + ic;
            for (int p = 0; p < kc; p++, src += lda)
            {
                float* d = dst + p * MR;
                int ir = 0;
                if (p + 1 < kc && Vector256.IsHardwareAccelerated)
                    for (; ir + 8 <= mc; ir += MR) Vector256.Store(Vector256.Load(src + ir), d + (long)ir * kc);
                for (; ir < mc; ir += MR)
                {
                    int rows = Math.Min(MR, mc - ir);
                    float* di = d + (long)ir * kc;
                    int i = 0;
                    for (; i < rows; i++) di[i] = src[ir + i];
                    for (; i < MR; i++) di[i] = 0f;
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* d = dst + (long)ir * kc;
            for (int i = 0; i < MR; i++)
            {
                float* src = a + (long)(ic + ir + i) * lda + pc;
                if (i < rows) for (int p = 0; p < kc; p++) d[p * MR + i] = src[p];
                else for (int p = 0; p < kc; p++) d[p * MR + i] = 0f;
            }
        }
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] as column slivers 2w wide (the last one w wide when at most w
    /// columns remain); within a sliver, k step p holds that row's values contiguously, zero-padded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, int w, float* dst)
    {
        int nr = 2 * w;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            int width = cols <= w ? w : nr;
            float* d = dst + (long)jr * kc;
            if (transB)
            {
                // B is stored n x k: transpose 8 x 8 blocks with AVX where they fit, the rest one by one.
                float* src = b + (long)(jc + jr) * ldb + pc;
                int j8 = Avx.IsSupported ? cols / 8 * 8 : 0, p8 = kc / 8 * 8;
                for (int j = 0; j < j8; j += 8)
                    for (int p = 0; p < p8; p += 8)
                        Transpose8x8(src + (long)j * ldb + p, ldb, d + p * width + j, width);
                for (int j = 0; j < width; j++)
                {
                    float* col = src + (long)j * ldb;
                    if (j >= cols) for (int p = 0; p < kc; p++) d[p * width + j] = 0f;
                    else for (int p = j < j8 ? p8 : 0; p < kc; p++) d[p * width + j] = col[p];
                }
            }
            else
            {
                float* src = b + (long)pc * ldb + jc + jr;
                for (int p = 0; p < kc; p++, src += ldb, d += width)
                    CopyRow(src, d, cols, width);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void CopyRow(float* src, float* dst, int count, int width)
    {
        int j = 0;
        for (; j + 8 <= count; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
        for (; j < count; j++) dst[j] = src[j];
        for (; j < width; j++) dst[j] = 0f;
    }

    /// <summary>dst[c * ldd + r] = src[r * lds + c] for an 8 x 8 block (unpack, shuffle, lane swap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(float* src, int lds, float* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds); var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds); var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds); var r7 = Avx.LoadVector256(src + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
