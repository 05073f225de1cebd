using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Tensors.Kernels;

/// <summary>
/// Matrix-vector products for a few rows at a time, y_r = W x_r + beta·y_r, with W stored as PyTorch stores a weight,
/// [out, in] row-major, and read in place: nothing is packed or copied, so nothing can go stale when the weights
/// change. Used by decoding steps (batch 1, or a few beams), where the GEMM path's packing of the weight on every call
/// costs more than the product.
/// <para>
/// Every output is computed with exactly the operations the GEMM micro-kernel applies to it (see
/// Gemm.Microkernel.cs), so the result is bit-identical to <c>Gemm.Sgemm(false, true, rows, out, in, 1, x, in, W, in,
/// beta, y, out)</c>: for each block of <see cref="Gemm.KC"/> inner indices, a chain of fused multiply-adds from zero in
/// increasing order, then y = chain + y (the first block: y = chain when beta is 0). The GEMM gets that order by packing
/// Wᵀ into column slivers; here 8 x 8 tiles of eight weight rows are transposed in registers, 16 columns (a cache line
/// of each row) of four such groups at a time, whose chains are independent, so their multiply-adds overlap. Outputs past the last group of
/// eight, and CPUs without AVX2 and FMA, take a scalar loop with the same operations (a fused multiply-add rounds
/// once wherever it runs).
/// </para>
/// </summary>
public static class MatVec
{
    /// <summary>Decoding steps with at most this many rows (batch 1, small beams) take the matrix-vector path; more
    /// rows go through the batched GEMM path, whose register tiles reuse each weight across rows. 0 turns the
    /// matrix-vector path off (the benchmarks' "before"). Either way the results are the same bits.</summary>
    public static int MaxRows
    {
        get => s_maxRows;
        set => s_maxRows = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MatVec.MaxRows must be at least 0.");
    }
    static int s_maxRows = 8;

    /// <summary>Whether a step of <paramref name="rows"/> rows takes the matrix-vector path.</summary>
    public static bool Covers(int rows) => rows >= 1 && rows <= s_maxRows;

    [ThreadStatic] static int t_calls;

    /// <summary>Calls of <see cref="Multiply"/> made on this thread so far (tests check a step took this path).</summary>
    internal static int CallsOnThisThread => t_calls;

    /// <summary>Outputs per register group (one 256-bit vector) and groups per panel.</summary>
    const int Lanes = 8, Groups = 4, Panel = Lanes * Groups;

    /// <summary>How far ahead (in floats) each weight row is prefetched.</summary>
    const int Prefetch = 64;

    static readonly bool Simd = Avx2.IsSupported && Fma.IsSupported;

    /// <summary>y[r, i] = Σ_j w[i, j] x[r, j] + beta·y[r, i] for <paramref name="rows"/> rows of x [rows, inF] and
    /// y [rows, outF]; w is [outF, inF] row-major; beta is 0 (y is not read) or 1.</summary>
    public static void Multiply(ReadOnlySpan<float> w, int outF, int inF, ReadOnlySpan<float> x, int rows, float beta, Span<float> y)
    {
        if (outF < 0 || inF < 0 || rows < 0) throw new ArgumentException($"matvec: negative size out={outF} in={inF} rows={rows}.");
        if (beta is not (0f or 1f)) throw new ArgumentException($"matvec: beta must be 0 or 1, got {beta}.");
        if (w.Length < (long)outF * inF) throw new ArgumentException($"matvec: weight has {w.Length} elements, [{outF}, {inF}] needs {(long)outF * inF}.");
        if (x.Length < (long)rows * inF) throw new ArgumentException($"matvec: x has {x.Length} elements, {rows} rows of {inF} need {(long)rows * inF}.");
        if (y.Length < (long)rows * outF) throw new ArgumentException($"matvec: y has {y.Length} elements, {rows} rows of {outF} need {(long)rows * outF}.");
        t_calls++;
        if (outF == 0 || rows == 0) return;
        if (inF == 0) { if (beta == 0f) y[..(rows * outF)].Clear(); return; }   // as the GEMM's k == 0 case
        unsafe
        {
            fixed (float* pw = w) fixed (float* px = x) fixed (float* py = y)
            {
                float* cw = pw, cx = px, cy = py;   // fixed locals cannot be captured by the lambda
                int panels = Simd ? outF / Panel : 0, scalarFrom = Simd ? outF / Lanes * Lanes : 0;
                // Split by whole panels: each output is computed the same way whichever part it is in.
                ParallelRanges.For(panels + 1, (long)Panel * inF * rows, (p0, p1) =>
                {
                    for (int p = p0; p < Math.Min(p1, panels); p++) Groups8(cw, inF, cx, rows, beta, cy, outF, p * Panel, Groups);
                    if (p1 == panels + 1)
                    {   // the last part also takes what is left: whole groups of eight, then single outputs
                        for (int i = panels * Panel; i < scalarFrom; i += Lanes) Groups8(cw, inF, cx, rows, beta, cy, outF, i, 1);
                        Scalar(cw, inF, cx, rows, beta, cy, outF, scalarFrom, outF);
                    }
                });
            }
        }
    }

    /// <summary>A linear layer's y = x Wᵀ + b for <paramref name="rows"/> rows of <paramref name="x"/> [rows, in], with
    /// <paramref name="weight"/> [out, in] and <paramref name="bias"/> [out] (or null) as torch.nn.Linear keeps them:
    /// [rows, out], the bias first and the product added to it, as <c>Functional.Linear</c> does (the same bits).</summary>
    internal static float[] Linear(Tensor weight, Tensor? bias, ReadOnlySpan<float> x, int rows)
    {
        int outF = weight.Size(0), inF = weight.Size(1);
        var y = new float[rows * outF];
        if (bias is not null)
            for (int r = 0; r < rows; r++) bias.data.CopyTo(y, r * outF);
        Multiply(weight.data, outF, inF, x, rows, bias is null ? 0f : 1f, y);
        return y;
    }

    /// <summary>Outputs i0 .. i0 + 8·groups of every row (groups of eight weight rows, 1 to 4 of them), block by block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Groups8(float* w, int inF, float* x, int rows, float beta, float* y, int outF, int i0, int groups)
    {
        var tiles = stackalloc Vector256<float>[Groups * 2 * Lanes];   // tiles[g*16 + q] = W[i0+8g .. +8, p+q]
        var acc = stackalloc Vector256<float>[Groups * rows];      // acc[r*4 + g]: outputs i0+8g .. +8 of row r
        for (int pc = 0; pc < inF; pc += Gemm.KC)
        {
            int end = Math.Min(inF, pc + Gemm.KC), p = pc;
            for (int k = 0; k < Groups * rows; k++) acc[k] = Vector256<float>.Zero;
            for (; p + 2 * Lanes <= end; p += 2 * Lanes)   // 16 columns a step: whole cache lines of each weight row
            {
                for (int g = 0; g < groups; g++)
                {
                    float* wg = w + (long)(i0 + g * Lanes) * inF + p;
                    if (p + Prefetch < inF)   // 32 rows are walked side by side: ask for each a few lines ahead
                        for (int k = 0; k < Lanes; k++) Sse.Prefetch0(wg + (long)k * inF + Prefetch);
                    Gemm.Transpose8x8(wg, inF, (float*)(tiles + g * 2 * Lanes), Lanes);   // tiles[.. + q] = column q
                    Gemm.Transpose8x8(wg + Lanes, inF, (float*)(tiles + g * 2 * Lanes + Lanes), Lanes);
                }
                int r = 0;
                for (; r + 2 <= rows; r += 2) Step16x2(tiles, x + (long)r * inF + p, x + (long)(r + 1) * inF + p, acc + r * Groups, groups);
                if (r < rows) Step16(tiles, x + (long)r * inF + p, acc + r * Groups, groups);
            }
            for (; p < end; p++)   // the block's last inner indices, one column at a time
                for (int g = 0; g < groups; g++)
                {
                    float* wc = w + (long)(i0 + g * Lanes) * inF + p;
                    var col = Vector256.Create(wc[0], wc[inF], wc[2 * inF], wc[3 * inF], wc[4 * inF], wc[5 * inF], wc[6 * inF], wc[7 * inF]);
                    for (int r = 0; r < rows; r++)
                        acc[r * Groups + g] = Fma.MultiplyAdd(Vector256.Create(x[(long)r * inF + p]), col, acc[r * Groups + g]);
                }
            bool add = pc > 0 || beta != 0f;   // later blocks add onto what the earlier ones stored
            for (int r = 0; r < rows; r++)
                for (int g = 0; g < groups; g++)
                {
                    float* yo = y + (long)r * outF + i0 + g * Lanes;
                    var v = acc[r * Groups + g];
                    Vector256.Store(add ? v + Vector256.Load(yo) : v, yo);
                }
        }
    }

    /// <summary>Sixteen multiply-adds down each of one row's chains (four groups of eight outputs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Step16(Vector256<float>* tiles, float* xr, Vector256<float>* a, int groups)
    {
        var (a0, a1, a2, a3) = (a[0], a[1], a[2], a[3]);
        for (int q = 0; q < 2 * Lanes; q++)
        {
            var xq = Vector256.Create(xr[q]);
            a0 = Fma.MultiplyAdd(xq, tiles[q], a0);
            if (groups > 1)
            {
                a1 = Fma.MultiplyAdd(xq, tiles[2 * Lanes + q], a1);
                a2 = Fma.MultiplyAdd(xq, tiles[4 * Lanes + q], a2);
                a3 = Fma.MultiplyAdd(xq, tiles[6 * Lanes + q], a3);
            }
        }
        (a[0], a[1], a[2], a[3]) = (a0, a1, a2, a3);
    }

    /// <summary><see cref="Step16"/> for two rows at once: eight independent chains, each tile load used twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Step16x2(Vector256<float>* tiles, float* xr, float* zr, Vector256<float>* a, int groups)
    {
        var b = a + Groups;
        var (a0, a1, a2, a3) = (a[0], a[1], a[2], a[3]);
        var (b0, b1, b2, b3) = (b[0], b[1], b[2], b[3]);
        for (int q = 0; q < 2 * Lanes; q++)
        {
            var xq = Vector256.Create(xr[q]);
            var zq = Vector256.Create(zr[q]);
            var t = tiles[q];
            a0 = Fma.MultiplyAdd(xq, t, a0); b0 = Fma.MultiplyAdd(zq, t, b0);
            if (groups > 1)
            {
                t = tiles[2 * Lanes + q]; a1 = Fma.MultiplyAdd(xq, t, a1); b1 = Fma.MultiplyAdd(zq, t, b1);
                t = tiles[4 * Lanes + q]; a2 = Fma.MultiplyAdd(xq, t, a2); b2 = Fma.MultiplyAdd(zq, t, b2);
                t = tiles[6 * Lanes + q]; a3 = Fma.MultiplyAdd(xq, t, a3); b3 = Fma.MultiplyAdd(zq, t, b3);
            }
        }
        (a[0], a[1], a[2], a[3]) = (a0, a1, a2, a3);
        (b[0], b[1], b[2], b[3]) = (b0, b1, b2, b3);
    }

    /// <summary>Outputs i0..i1 of every row one at a time, with the same operations as the vector lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Scalar(float* w, int inF, float* x, int rows, float beta, float* y, int outF, int i0, int i1)
    {
        for (int i = i0; i < i1; i++)
            for (int r = 0; r < rows; r++)
            {
                float* wi = w + (long)i * inF, xr = x + (long)r * inF;
                float* yo = y + (long)r * outF + i;
                for (int pc = 0; pc < inF; pc += Gemm.KC)
                {
                    float chain = 0f;
                    for (int p = pc, end = Math.Min(inF, pc + Gemm.KC); p < end; p++) chain = MathF.FusedMultiplyAdd(xr[p], wi[p], chain);
                    *yo = pc > 0 || beta != 0f ? chain + *yo : chain;
                }
            }
    }
}
