using System.Runtime.InteropServices;

namespace Workbench.Tensors.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// op(B) packed once, in the exact panel layout the blocked loop packs on the fly, for a B operand used
    /// in many products (a recurrent layer's W_hh, the same for every timestep). <see cref="SgemmPacked(bool, int, int, int, float, float*, int, PackedB, float, float*, int)"/>
    /// then skips all B packing, and gives bit-identical results to <see cref="Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int)"/>
    /// (same k order). The copy is a snapshot: later changes to B are not seen. Owns native memory; dispose it.
    /// </summary>
    public sealed class PackedB : IDisposable
    {
        float* _data;

        /// <summary>Rows of op(B) (the product's inner dimension k).</summary>
        public int K { get; }

        /// <summary>Columns of op(B) (the product's n).</summary>
        public int N { get; }

        internal GemmIsa Isa { get; }

        /// <summary>Columns per packed sliver (two vectors of the ISA).</summary>
        readonly int _nr;

        internal PackedB(GemmIsa isa, bool transB, int k, int n, float* b, int ldb)
        {
            (Isa, K, N) = (isa, k, n);
            int w = Width(isa);
            _nr = 2 * w;
            int lastJc = n == 0 ? 0 : (n - 1) / NC * NC;
            long floats = Math.Max(1L, n == 0 ? 0 : PanelOffset(lastJc, 0) + (long)PaddedWidth(lastJc) * k);
            _data = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                    Gemm.PackB(transB, b, ldb, pc, jc, Math.Min(KC, k - pc), nc, w, _data + PanelOffset(jc, pc));
            }
        }

        /// <summary>
        /// Where the panel of column block jc (a multiple of NC) and k block pc starts. Column block jc holds
        /// k rows of its nc columns rounded up to whole slivers, its k blocks one after another; every block
        /// before the last is NC wide, so block jc starts at jc * k. (jc == n gives the total size.)
        /// </summary>
        long PanelOffset(int jc, int pc) => (long)jc * K + (long)pc * PaddedWidth(jc);

        int PaddedWidth(int jc) => (Math.Min(NC, N - jc) + _nr - 1) / _nr * _nr;

        /// <summary>The packed sliver holding columns col.. (col a multiple of the sliver width) of k block pc (kc deep).</summary>
        internal float* Sliver(int col, int pc, int kc)
        {
            int jc = col / NC * NC;
            return Data + PanelOffset(jc, pc) + (long)(col - jc) * kc;
        }

        internal float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(PackedB), "gemm: this PackedB has been disposed.");

        public void Dispose()
        {
            if (_data != null) { NativeMemory.AlignedFree(_data); _data = null; }
            GC.SuppressFinalize(this);
        }

        ~PackedB() { if (_data != null) NativeMemory.AlignedFree(_data); }
    }

    /// <summary>Packs op(B) (k x n; B stored n x k when <paramref name="transB"/>) for repeated use with <see cref="SgemmPacked(bool, int, int, int, float, ReadOnlySpan{float}, int, PackedB, float, Span{float}, int)"/>.</summary>
    public static PackedB PackB(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        CheckArgs(false, transB, 0, n, k, 0, Math.Max(1, k), b.Length, ldb, 0, Math.Max(1, n));
        fixed (float* pb = b) return new PackedB(BestIsa, transB, k, n, pb, ldb);
    }

    /// <summary>Pointer version of <see cref="PackB(bool, int, int, ReadOnlySpan{float}, int)"/>; the caller guarantees the extent.</summary>
    public static PackedB PackB(bool transB, int k, int n, float* b, int ldb)
    {
        if (k < 0 || n < 0) throw new ArgumentException($"gemm: negative size n={n} k={k}.");
        return new PackedB(BestIsa, transB, k, n, b, ldb);
    }

    internal static PackedB PackB(GemmIsa isa, bool transB, int k, int n, float* b, int ldb) => new(isa, transB, k, n, b, ldb);

    /// <summary>C = alpha * op(A) op(B) + beta * C with op(B) taken from <paramref name="b"/> (k x n).</summary>
    public static void SgemmPacked(bool transA, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, PackedB b, float beta, Span<float> c, int ldc)
    {
        CheckPacked(b, n, k);
        CheckArgs(transA, false, m, n, k, a.Length, lda, int.MaxValue, Math.Max(1, n), c.Length, ldc);
        fixed (float* pa = a) fixed (float* pc = c)
            Packed(BestIsa, MaxThreads, transA, m, n, k, alpha, pa, lda, b, beta, pc, ldc);
    }

    /// <summary>Pointer version of <see cref="SgemmPacked(bool, int, int, int, float, ReadOnlySpan{float}, int, PackedB, float, Span{float}, int)"/>; the caller guarantees the extents.</summary>
    public static void SgemmPacked(bool transA, int m, int n, int k, float alpha, float* a, int lda, PackedB b, float beta, float* c, int ldc)
    {
        CheckPacked(b, n, k);
        Packed(BestIsa, MaxThreads, transA, m, n, k, alpha, a, lda, b, beta, c, ldc);
    }

    /// <summary>Single-threaded <see cref="SgemmPacked(bool, int, int, int, float, float*, int, PackedB, float, float*, int)"/>, for callers that are themselves one of several workers.</summary>
    internal static void SerialPacked(bool transA, int m, int n, int k, float alpha, float* a, int lda, PackedB b, float beta, float* c, int ldc)
    {
        CheckPacked(b, n, k);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { ScaleC(m, n, beta, c, ldc); return; }
        Serial(b.Isa, transA, false, m, n, k, alpha, a, lda, null, 0, beta, c, ldc, b, 0);
    }

    /// <summary>Multi-threaded packed-B product on b's ISA path (tests pick the thread count).</summary>
    internal static void Packed(GemmIsa isa, int threads, bool transA, int m, int n, int k, float alpha,
        float* a, int lda, PackedB b, float beta, float* c, int ldc)
    {
        if (b.Isa != isa) throw new ArgumentException($"gemm: B was packed for {b.Isa}, not {isa}.");
        Packed(isa, threads, transA, false, m, n, k, alpha, a, lda, null, 0, beta, c, ldc, b);
    }

    static void CheckPacked(PackedB b, int n, int k)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.K != k || b.N != n) throw new ArgumentException($"gemm: packed B is {b.K} x {b.N}, the product needs k x n = {k} x {n}.");
    }
}
