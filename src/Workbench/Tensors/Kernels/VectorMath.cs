using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbench.Tensors.Kernels;

/// <summary>
/// exp, sigmoid and tanh on whole vectors, for fused elementwise loops (recurrent gates, softmax rows). TensorPrimitives' versions evaluate in
/// double precision and cost about a microsecond per 128-float row; these are the single-precision Cephes
/// polynomials (a few ulp, well inside float32 parity with PyTorch), a dozen vector operations each.
/// Every lane runs the same operations, so a value's bits never depend on where it sits in a row.
/// Row tails shorter than a vector go through the same code via zero-padded loads and partial stores.
/// </summary>
internal static class VectorMath
{
    public static int Width => Vector<float>.Count;

    /// <summary>e^x; x is clamped to [-87.3, 88.3] so the result stays a normal float (no infinity, no NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.3f)), new Vector<float>(88.3f));
        // x = n ln2 + r with |r| <= ln2 / 2; ln2 split in two so n ln2 is exact enough.
        var n = Vector.Round(x * new Vector<float>(1.44269504088896341f));
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-0.693359375f), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(2.12194440e-4f), r);
        var p = new Vector<float>(1.9875691500e-4f);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        var y = Vector.FusedMultiplyAdd(p, r * r, r) + Vector<float>.One;
        // 2^n from the exponent bits; n is in [-126, 127].
        var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        return y * scale;
    }

    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Exp(-x));

    /// <summary>tanh x: an odd polynomial for |x| &lt; 0.625 (where 1 - e^-2|x| would cancel), else (1 - e) / (1 + e) with e = e^-2|x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        var ax = Vector.Abs(x);
        var e = Exp(ax * new Vector<float>(-2f));
        var big = (Vector<float>.One - e) / (Vector<float>.One + e);
        big = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -big, big);
        var z = x * x;
        var p = new Vector<float>(-5.70498872745e-3f);
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(2.06390887954e-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-5.37397155531e-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1.33314422036e-1f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-3.33332819422e-1f));
        var small = Vector.FusedMultiplyAdd(p * z, x, x);
        return Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<float>(0.625f)), small, big);
    }

    /// <summary>y = e^x elementwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"exp: destination has {y.Length} elements for {x.Length} inputs.");
        for (int j = 0; j < x.Length; j += Width) Store(y[..x.Length], j, Exp(Load(x, j)));
    }

    /// <summary>Σ e^x, the terms added in element order in double precision (as a scalar loop would).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumExp(ReadOnlySpan<float> x)
    {
        Span<float> lanes = stackalloc float[Width];
        double sum = 0;
        for (int j = 0; j < x.Length; j += Width)
        {
            Exp(Load(x, j)).CopyTo(lanes);
            int count = Math.Min(Width, x.Length - j);
            for (int k = 0; k < count; k++) sum += lanes[k];
        }
        return sum;
    }

    /// <summary>log Σ e^x over a row, shifted by its maximum so nothing overflows. Any non-finite element (NaN or
    /// ±infinity) makes the result NaN, which is how callers that must reject such rows find out without a
    /// separate pass. Full vectors, then the tail one element at a time (through the same vector exp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        int n = x.Length, W = Width, j = 0;
        var vmax = new Vector<float>(float.NegativeInfinity);
        var bad = Vector<float>.Zero;   // v - v: 0 for finite lanes, NaN for NaN or infinite ones
        for (; j + W <= n; j += W)
        {
            var v = Load(x, j);
            vmax = Vector.Max(vmax, v);
            bad += v - v;
        }
        float max = float.NegativeInfinity, badSum = Vector.Sum(bad);
        for (int k = 0; k < W && j > 0; k++) max = MathF.Max(max, vmax[k]);
        for (int k = j; k < n; k++) { max = MathF.Max(max, x[k]); badSum += x[k] - x[k]; }
        if (!float.IsFinite(badSum) || n == 0) return float.NaN;
        var vsum = Vector<float>.Zero;
        var vm = new Vector<float>(max);
        for (j = 0; j + W <= n; j += W) vsum += Exp(Load(x, j) - vm);
        float sum = Vector.Sum(vsum);
        for (; j < n; j++) sum += Exp(new Vector<float>(x[j] - max))[0];   // same polynomial as the full vectors
        return max + MathF.Log(sum);
    }

    /// <summary>y = scale · e^(x - lse): a softmax row (given its log-sum-exp) times a factor, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaledSoftmax(ReadOnlySpan<float> x, float lse, float scale, Span<float> y)
    {
        int n = x.Length, W = Width, j = 0;
        var vl = new Vector<float>(lse);
        var vs = new Vector<float>(scale);
        for (; j + W <= n; j += W) Store(y, j, Exp(Load(x, j) - vl) * vs);
        for (; j < n; j++) y[j] = Exp(new Vector<float>(x[j] - lse))[0] * scale;
    }

    /// <summary>The vector at s[j..]; past the end of s the lanes are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(ReadOnlySpan<float> s, int j)
    {
        if (j + Width <= s.Length) return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)j);
        return LoadTail(s, j);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static Vector<float> LoadTail(ReadOnlySpan<float> s, int j)
    {
        Span<float> buf = stackalloc float[Width];
        buf.Clear();
        s[j..].CopyTo(buf);
        return new Vector<float>(buf);
    }

    /// <summary>Writes v to s[j..], only the lanes that fall inside s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> s, int j, Vector<float> v)
    {
        if (j + Width <= s.Length) v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)j);
        else StoreTail(s, j, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void StoreTail(Span<float> s, int j, Vector<float> v)
    {
        Span<float> buf = stackalloc float[Width];
        v.CopyTo(buf);
        buf[..(s.Length - j)].CopyTo(s[j..]);
    }
}
