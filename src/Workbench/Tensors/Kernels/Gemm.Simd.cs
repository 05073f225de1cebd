using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Tensors.Kernels;

/// <summary>Instruction-set path the packed GEMM runs on.</summary>
internal enum GemmIsa { Portable, Avx2, Avx512 }

/// <summary>
/// The few vector operations the micro-kernel needs. One generic kernel is written against this
/// interface; the JIT specialises it per struct implementation, so each path compiles to straight
/// intrinsics with no virtual calls.
/// </summary>
internal unsafe interface ISimd<TVec> where TVec : struct
{
    static abstract int Width { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Load(float* p);
    static abstract void Store(float* p, TVec v);
    static abstract TVec Broadcast(float* p);
    static abstract TVec Splat(float x);
    /// <summary>a * b + acc with a single rounding.</summary>
    static abstract TVec Fma(TVec a, TVec b, TVec acc);
    static abstract TVec Mul(TVec a, TVec b);
    static abstract TVec Add(TVec a, TVec b);
}

internal unsafe struct Avx512Simd : ISimd<Vector512<float>>
{
    public static int Width => 16;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float* p) => Vector512.Create(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> acc) => Avx512F.FusedMultiplyAdd(a, b, acc);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
}

internal unsafe struct Avx2Simd : ISimd<Vector256<float>>
{
    public static int Width => 8;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float* p) => Vector256.Create(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> acc) => System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, acc);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
}

/// <summary>Runs anywhere (ARM, older x86, or software when nothing is accelerated).</summary>
internal unsafe struct PortableSimd : ISimd<Vector<float>>
{
    public static int Width => Vector<float>.Count;
    public static Vector<float> Zero => Vector<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Load(float* p) => Vector.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Broadcast(float* p) => new Vector<float>(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Splat(float x) => new Vector<float>(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Fma(Vector<float> a, Vector<float> b, Vector<float> acc) => Vector.FusedMultiplyAdd(a, b, acc);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Mul(Vector<float> a, Vector<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;
}

/// <summary>Compile-time flag for the generic kernel: two vectors of columns per tile, or one (narrow edge).</summary>
internal interface ITileWidth { static abstract bool Wide { get; } }
internal struct WideTile : ITileWidth { public static bool Wide => true; }
internal struct NarrowTile : ITileWidth { public static bool Wide => false; }

/// <summary>Compile-time row count of a tile (at most MR): full tiles use 6, a ragged last sliver fewer.</summary>
internal interface ITileRows { static abstract int Rows { get; } }
internal struct Rows6 : ITileRows { public static int Rows => 6; }
internal struct Rows4 : ITileRows { public static int Rows => 4; }
internal struct Rows2 : ITileRows { public static int Rows => 2; }
internal struct Rows1 : ITileRows { public static int Rows => 1; }
