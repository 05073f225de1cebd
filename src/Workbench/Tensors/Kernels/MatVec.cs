using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbench.Tensors.Kernels;

/// <summary>
/// Matrix-vector products for a few rows at a time: y_r = W x_r + beta·y_r, with W stored as PyTorch stores a
/// weight, [out, in] row-major. That layout is already the one a matrix-vector product wants (output i is the dot
/// product of W's row i with x), so W is read in place: nothing is packed or copied, and nothing can go stale when
/// the weights change. The GEMM path instead packs op(B) into panels on every call, which at one row costs as much
/// memory traffic as the product itself. Used by decoding steps (batch 1, or a few beams).
/// <para>
/// Each output is one dot product in a fixed order (vector lanes across the columns, then the lanes' sum, then the
/// columns past the last full vector), the same whatever the number of rows or threads: row r's result never depends
/// on which other rows are in the call. That order differs from the GEMM micro-kernel's (one fused multiply-add chain
/// per output down the columns), so the two agree to float rounding, not bit for bit.
/// </para>
/// </summary>
public static class MatVec
{
    /// <summary>Decoding steps with at most this many rows (batch 1, small beams) take the matrix-vector path; more
    /// rows go through the batched GEMM path, whose register tiles reuse each weight across rows. 0 turns the
    /// matrix-vector path off (the benchmarks' "before").</summary>
    public static int MaxRows
    {
        get => s_maxRows;
        set => s_maxRows = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MatVec.MaxRows must be at least 0.");
    }
    static int s_maxRows = 8;

    /// <summary>Whether a step of <paramref name="rows"/> rows takes the matrix-vector path.</summary>
    public static bool Covers(int rows) => rows >= 1 && rows <= s_maxRows;

    /// <summary>Weight rows handled together: each load of x feeds this many independent accumulators.</summary>
    const int Group = 4;

    /// <summary>y[r, i] = Σ_j w[i, j] x[r, j] + beta·y[r, i] for <paramref name="rows"/> rows of x [rows, inF] and
    /// y [rows, outF]; w is [outF, inF] row-major. beta 0: y is not read.</summary>
    public static void Multiply(ReadOnlySpan<float> w, int outF, int inF, ReadOnlySpan<float> x, int rows, float beta, Span<float> y)
    {
        if (outF < 0 || inF < 0 || rows < 0) throw new ArgumentException($"matvec: negative size out={outF} in={inF} rows={rows}.");
        if (w.Length < (long)outF * inF) throw new ArgumentException($"matvec: weight has {w.Length} elements, [{outF}, {inF}] needs {(long)outF * inF}.");
        if (x.Length < (long)rows * inF) throw new ArgumentException($"matvec: x has {x.Length} elements, {rows} rows of {inF} need {(long)rows * inF}.");
        if (y.Length < (long)rows * outF) throw new ArgumentException($"matvec: y has {y.Length} elements, {rows} rows of {outF} need {(long)rows * outF}.");
        if (outF == 0 || rows == 0) return;
        unsafe
        {
            fixed (float* pw = w) fixed (float* px = x) fixed (float* py = y)
            {
                float* cw = pw, cx = px, cy = py;   // fixed locals cannot be captured by the lambda
                // Split by output rows (in whole groups): each output is computed the same way whichever part it is in.
                int groups = (outF + Group - 1) / Group;
                ParallelRanges.For(groups, (long)Group * inF * rows, (g0, g1) =>
                    Range(cw, outF, inF, cx, rows, beta, cy, g0 * Group, Math.Min(outF, g1 * Group)));
            }
        }
    }

    /// <summary>A linear layer's y = x Wᵀ + b for <paramref name="rows"/> rows of <paramref name="x"/> [rows, in], with
    /// <paramref name="weight"/> [out, in] and <paramref name="bias"/> [out] (or null) as torch.nn.Linear keeps them:
    /// [rows, out], the bias first and the product added to it, as <c>Functional.Linear</c> does.</summary>
    internal static float[] Linear(Tensor weight, Tensor? bias, ReadOnlySpan<float> x, int rows)
    {
        int outF = weight.Size(0), inF = weight.Size(1);
        var y = new float[rows * outF];
        if (bias is not null)
            for (int r = 0; r < rows; r++) bias.data.CopyTo(y, r * outF);
        Multiply(weight.data, outF, inF, x, rows, bias is null ? 0f : 1f, y);
        return y;
    }

    /// <summary>Outputs i0..i1 of every row: groups of <see cref="Group"/> weight rows, each group read once from
    /// memory and reused from cache for every row of x, two rows of x at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Range(float* w, int outF, int inF, float* x, int rows, float beta, float* y, int i0, int i1)
    {
        int i = i0;
        for (; i + Group <= i1; i += Group)
        {
            float* wi = w + (long)i * inF;
            int r = 0;
            for (; r + 2 <= rows; r += 2)   // two rows of x per pass: each weight load feeds both
            {
                Dot4x2(wi, inF, x + (long)r * inF, x + (long)(r + 1) * inF, out var p, out var q);
                Store4(y + (long)r * outF + i, p, beta);
                Store4(y + (long)(r + 1) * outF + i, q, beta);
            }
            if (r < rows)
            {
                Dot4(wi, inF, x + (long)r * inF, out var p);
                Store4(y + (long)r * outF + i, p, beta);
            }
        }
        for (; i < i1; i++)
            for (int r = 0; r < rows; r++)
            {
                float* yr = y + (long)r * outF + i;
                *yr = Combine(Dot(w + (long)i * inF, x + (long)r * inF, inF), beta, *yr);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Combine(float dot, float beta, float y) => beta == 0f ? dot : dot + beta * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store4(float* y, Vector4 d, float beta)
    {
        y[0] = Combine(d.X, beta, y[0]); y[1] = Combine(d.Y, beta, y[1]);
        y[2] = Combine(d.Z, beta, y[2]); y[3] = Combine(d.W, beta, y[3]);
    }

    /// <summary>Four dot products of consecutive weight rows with x, each in exactly <see cref="Dot"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Dot4(float* w, int n, float* x, out Vector4 d)
    {
        int W = Vector<float>.Count, j = 0;
        float* w0 = w, w1 = w + n, w2 = w + 2 * n, w3 = w + 3 * n;
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (; j + W <= n; j += W)
        {
            var xv = Vector.Load(x + j);
            a0 = Vector.FusedMultiplyAdd(Vector.Load(w0 + j), xv, a0);
            a1 = Vector.FusedMultiplyAdd(Vector.Load(w1 + j), xv, a1);
            a2 = Vector.FusedMultiplyAdd(Vector.Load(w2 + j), xv, a2);
            a3 = Vector.FusedMultiplyAdd(Vector.Load(w3 + j), xv, a3);
        }
        d = new Vector4(Vector.Sum(a0), Vector.Sum(a1), Vector.Sum(a2), Vector.Sum(a3));
        for (; j < n; j++)
            d = new Vector4(MathF.FusedMultiplyAdd(w0[j], x[j], d.X), MathF.FusedMultiplyAdd(w1[j], x[j], d.Y),
                MathF.FusedMultiplyAdd(w2[j], x[j], d.Z), MathF.FusedMultiplyAdd(w3[j], x[j], d.W));
    }

    /// <summary><see cref="Dot4"/> for two rows of x at once (eight chains, each weight load used twice), each output
    /// in exactly <see cref="Dot"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Dot4x2(float* w, int n, float* x, float* z, out Vector4 dx, out Vector4 dz)
    {
        int W = Vector<float>.Count, j = 0;
        float* w0 = w, w1 = w + n, w2 = w + 2 * n, w3 = w + 3 * n;
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        for (; j + W <= n; j += W)
        {
            var xv = Vector.Load(x + j);
            var zv = Vector.Load(z + j);
            var v = Vector.Load(w0 + j); a0 = Vector.FusedMultiplyAdd(v, xv, a0); b0 = Vector.FusedMultiplyAdd(v, zv, b0);
            v = Vector.Load(w1 + j); a1 = Vector.FusedMultiplyAdd(v, xv, a1); b1 = Vector.FusedMultiplyAdd(v, zv, b1);
            v = Vector.Load(w2 + j); a2 = Vector.FusedMultiplyAdd(v, xv, a2); b2 = Vector.FusedMultiplyAdd(v, zv, b2);
            v = Vector.Load(w3 + j); a3 = Vector.FusedMultiplyAdd(v, xv, a3); b3 = Vector.FusedMultiplyAdd(v, zv, b3);
        }
        dx = new Vector4(Vector.Sum(a0), Vector.Sum(a1), Vector.Sum(a2), Vector.Sum(a3));
        dz = new Vector4(Vector.Sum(b0), Vector.Sum(b1), Vector.Sum(b2), Vector.Sum(b3));
        for (; j < n; j++)
        {
            dx = new Vector4(MathF.FusedMultiplyAdd(w0[j], x[j], dx.X), MathF.FusedMultiplyAdd(w1[j], x[j], dx.Y),
                MathF.FusedMultiplyAdd(w2[j], x[j], dx.Z), MathF.FusedMultiplyAdd(w3[j], x[j], dx.W));
            dz = new Vector4(MathF.FusedMultiplyAdd(w0[j], z[j], dz.X), MathF.FusedMultiplyAdd(w1[j], z[j], dz.Y),
                MathF.FusedMultiplyAdd(w2[j], z[j], dz.Z), MathF.FusedMultiplyAdd(w3[j], z[j], dz.W));
        }
    }

    /// <summary>Σ_j w[j] x[j]: a fused multiply-add per lane over the full vectors, the lanes' sum, then the tail in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe float Dot(float* w, float* x, int n)
    {
        int W = Vector<float>.Count, j = 0;
        var acc = Vector<float>.Zero;
        for (; j + W <= n; j += W) acc = Vector.FusedMultiplyAdd(Vector.Load(w + j), Vector.Load(x + j), acc);
        float d = Vector.Sum(acc);
        for (; j < n; j++) d = MathF.FusedMultiplyAdd(w[j], x[j], d);
        return d;
    }
}
