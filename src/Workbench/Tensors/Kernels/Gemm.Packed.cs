using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Tensors.Kernels;

/// <summary>
/// Cache-blocked GEMM in the Goto/BLIS style: a KC x NC panel of op(B) is packed into column slivers
/// NR wide, an MC x KC block of op(A) into row slivers MR tall, and the micro-kernel sweeps the
/// slivers. Packing absorbs the transposes and zero-pads edges, so the kernel sees one layout only.
/// </summary>
public static unsafe partial class Gemm
{
    internal const int KC = 256, MC = 144, NC = 2048;

    /// <summary>The fastest path this CPU supports.</summary>
    internal static readonly GemmIsa BestIsa =
        Avx512F.IsSupported ? GemmIsa.Avx512 : Avx2.IsSupported && Fma.IsSupported ? GemmIsa.Avx2 : GemmIsa.Portable;

    /// <summary>
    /// Single-threaded packed GEMM on one ISA path. With <paramref name="packed"/>, op(B) comes from there
    /// (columns from <paramref name="packedCol"/> on; b and ldb unused) instead of being packed here.
    /// </summary>
    internal static void Serial(GemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedB? packed = null, int packedCol = 0)
    {
        switch (isa)
        {
            case GemmIsa.Avx512: Serial<Avx512Simd, Vector512<float>>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed, packedCol); break;
            case GemmIsa.Avx2: Serial<Avx2Simd, Vector256<float>>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed, packedCol); break;
            default: Serial<PortableSimd, System.Numerics.Vector<float>>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed, packedCol); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: skip tier-0 code
    [SkipLocalsInit] // the edge tile is always written before it is read
    static void Serial<TSimd, TVec>(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedB? packed, int packedCol)
        where TSimd : struct, ISimd<TVec> where TVec : struct
    {
        int w = TSimd.Width, nr = 2 * w;
        float* bufA = PackBuffers.A(MC * KC + 8);
        float* bufB = packed is null ? PackBuffers.B(KC * NC) : null;
        float* tile = stackalloc float[MR * nr];
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                // Later k blocks add onto what the earlier ones stored.
                float betaBlock = pc == 0 ? beta : 1f;
                if (packed is null) PackB(transB, b, ldb, pc, jc, kc, nc, w, bufB);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    // Row-major A is read in place (one stream per row), a ragged last sliver too: the
                    // kernel reads exactly the rows it computes. Transposed A is packed whole, zero-padded.
                    int fullRows = transA ? 0 : mc;
                    if (fullRows < mc) PackA(transA, a, lda, ic + fullRows, pc, mc - fullRows, kc, bufA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        bool narrow = cols <= w;
                        float* bp = packed is null ? bufB + (long)jr * kc : packed.Sliver(packedCol + jc + jr, pc, kc);
                        nint bs = narrow ? w : nr;
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            bool inPlace = ir < fullRows;
                            float* ap = inPlace ? a + (long)(ic + ir) * lda + pc : bufA + (long)(ir - fullRows) * kc;
                            nint rs = inPlace ? lda : 1, ks = inPlace ? 1 : MR;
                            float* cp = c + (long)(ic + ir) * ldc + jc + jr;
                            // Whole tiles, and in-place row slivers of any height, store straight into C.
                            bool full = (rows == MR || inPlace) && cols == (narrow ? w : nr);
                            float* dst = full ? cp : tile;
                            int ldd = full ? ldc : nr;
                            float al = full ? alpha : 1f, be = full ? betaBlock : 0f;
                            if (narrow) Tile<TSimd, TVec, NarrowTile>(rows, inPlace, kc, ap, rs, ks, bp, bs, dst, ldd, al, be);
                            else Tile<TSimd, TVec, WideTile>(rows, inPlace, kc, ap, rs, ks, bp, bs, dst, ldd, al, be);
                            if (!full) StoreEdge(tile, nr, cp, ldc, rows, cols, alpha, betaBlock);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Runs the micro-kernel on a (possibly ragged) sliver of <paramref name="rows"/> rows. A packed sliver is
    /// zero-padded, so the next taller kernel may cover it; A read in place must be read <paramref name="exact"/>ly
    /// (5 rows as 4 + 1, 3 as 2 + 1), never past its last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Tile<TSimd, TVec, TWidth>(int rows, bool exact, int kc, float* ap, nint rs, nint ks, float* bp, nint bs, float* c, int ldc, float alpha, float beta)
        where TSimd : struct, ISimd<TVec> where TVec : struct where TWidth : struct, ITileWidth
    {
        if (rows == 6 || (rows == 5 && !exact)) MicroKernel<TSimd, TVec, TWidth, Rows6>(kc, ap, rs, ks, bp, bs, c, ldc, alpha, beta);
        else if (rows == 4 || (rows == 3 && !exact)) MicroKernel<TSimd, TVec, TWidth, Rows4>(kc, ap, rs, ks, bp, bs, c, ldc, alpha, beta);
        else if (rows == 2) MicroKernel<TSimd, TVec, TWidth, Rows2>(kc, ap, rs, ks, bp, bs, c, ldc, alpha, beta);
        else if (rows == 1) MicroKernel<TSimd, TVec, TWidth, Rows1>(kc, ap, rs, ks, bp, bs, c, ldc, alpha, beta);
        else
        {   // exact 5 or 3: the even part, then the last row
            int even = rows - 1;
            Tile<TSimd, TVec, TWidth>(even, exact, kc, ap, rs, ks, bp, bs, c, ldc, alpha, beta);
            MicroKernel<TSimd, TVec, TWidth, Rows1>(kc, ap + even * rs, rs, ks, bp, bs, c + (long)even * ldc, ldc, alpha, beta);
        }
    }

    /// <summary>Writes the valid part of an edge tile with the same roundings as the vector store.</summary>
    static void StoreEdge(float* tile, int ldt, float* c, int ldc, int rows, int cols, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* t = tile + i * ldt;
            float* ci = c + (long)i * ldc;
            if (beta == 0f) for (int j = 0; j < cols; j++) ci[j] = alpha * t[j];
            else for (int j = 0; j < cols; j++) ci[j] = alpha * t[j] + beta * ci[j];
        }
    }

    /// <summary>C = beta*C, used when there is nothing to multiply (k == 0 or alpha == 0).</summary>
    static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }

    /// <summary>Per-thread packing buffers, 64-byte aligned, grown on demand and kept for the thread's life.</summary>
    static class PackBuffers
    {
        [ThreadStatic] static Buffer? s_a, s_b;

        public static float* A(int floats) => Get(ref s_a, floats);
        public static float* B(int floats) => Get(ref s_b, floats);

        static float* Get(ref Buffer? buf, int floats)
        {
            if (buf == null || buf.Floats < floats) { buf?.Dispose(); buf = new Buffer(floats); }
            return buf.Ptr;
        }

        /// <summary>Owns native memory; the finalizer frees it when the thread that held it is gone.</summary>
        sealed class Buffer : IDisposable
        {
            public readonly float* Ptr;
            public readonly int Floats;
            public Buffer(int floats) { Floats = floats; Ptr = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64); }
            public void Dispose() { NativeMemory.AlignedFree(Ptr); GC.SuppressFinalize(this); }
            ~Buffer() => NativeMemory.AlignedFree(Ptr);
        }
    }
}
