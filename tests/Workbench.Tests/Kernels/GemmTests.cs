using System.Runtime.Intrinsics.X86;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Kernels;

/// <summary>
/// The packed GEMM against a double-precision triple loop written here (and the float Reference
/// kernel against the same), over odd shapes, every transpose combination and every ISA path this
/// machine can run.
/// </summary>
public unsafe class GemmTests
{
    /// <summary>Every ISA path this machine can run, by name (the enum is internal).</summary>
    public static TheoryData<string> Isas()
    {
        var data = new TheoryData<string> { nameof(GemmIsa.Portable) };
        if (Avx2.IsSupported && Fma.IsSupported) data.Add(nameof(GemmIsa.Avx2));
        if (Avx512F.IsSupported) data.Add(nameof(GemmIsa.Avx512));
        return data;
    }

    internal static GemmIsa Isa(string name) => Enum.Parse<GemmIsa>(name);

    internal static readonly (bool A, bool B)[] Transposes = [(false, false), (true, false), (false, true), (true, true)];

    /// <summary>One problem: op(A) is m x k, op(B) is k x n, C is m x n, each with padded rows.</summary>
    internal sealed class Case
    {
        public readonly bool TransA, TransB;
        public readonly int M, N, K, Lda, Ldb, Ldc;
        public readonly float Alpha, Beta;
        public readonly float[] A, B, C0;

        public Case(Generator g, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad)
        {
            (TransA, TransB, M, N, K, Alpha, Beta) = (transA, transB, m, n, k, alpha, beta);
            int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
            Lda = Math.Max(1, aCols + pad); Ldb = Math.Max(1, bCols + pad); Ldc = Math.Max(1, n + pad);
            A = Random(g, aRows * Lda); B = Random(g, bRows * Ldb); C0 = Random(g, m * Ldc);
        }

        static float[] Random(Generator g, int count)
        {
            var x = new float[count];
            for (int i = 0; i < count; i++) x[i] = (float)g.NextNormal();
            return x;
        }

        float OpA(int i, int p) => TransA ? A[p * Lda + i] : A[i * Lda + p];
        float OpB(int p, int j) => TransB ? B[j * Ldb + p] : B[p * Ldb + j];

        /// <summary>Runs a kernel on a copy of C0 and returns the copy.</summary>
        public float[] Run(Action<float[]> kernel) { var c = (float[])C0.Clone(); kernel(c); return c; }

        public float[] RunPacked(GemmIsa isa, int threads) => Run(c =>
        {
            fixed (float* pa = A) fixed (float* pb = B) fixed (float* pc = c)
                Gemm.Packed(isa, threads, TransA, TransB, M, N, K, Alpha, pa, Lda, pb, Ldb, Beta, pc, Ldc);
        });

        public float[] RunReference() => Run(c =>
        {
            fixed (float* pa = A) fixed (float* pb = B) fixed (float* pc = c)
                Gemm.Reference(TransA, TransB, M, N, K, Alpha, pa, Lda, pb, Ldb, Beta, pc, Ldc);
        });

        /// <summary>
        /// Asserts got matches the double-precision product within a float rounding bound scaled by
        /// sum |a||b|, and that the padding columns of C were not touched.
        /// </summary>
        public void AssertMatches(float[] got, string what)
        {
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    double s = 0, mag = 0;
                    for (int p = 0; p < K; p++) { double t = (double)OpA(i, p) * OpB(p, j); s += t; mag += Math.Abs(t); }
                    double c0 = C0[i * Ldc + j];
                    double want = Beta == 0 ? Alpha * s : Alpha * s + Beta * c0;
                    double tol = 1e-6 * (K + 4) * (Math.Abs(Alpha) * mag + (Beta == 0 ? 0 : Math.Abs(Beta * c0))) + 1e-30;
                    double err = Math.Abs(got[i * Ldc + j] - want);
                    if (!(err <= tol)) // the message is built only on failure: this runs per element
                        Assert.Fail($"{what} {Describe()}: C[{i},{j}] = {got[i * Ldc + j]}, want {want} (err {err:E2} > tol {tol:E2})");
                }
                for (int j = N; j < Ldc && i * Ldc + j < got.Length; j++)
                    if (got[i * Ldc + j] != C0[i * Ldc + j]) Assert.Fail($"{what} {Describe()}: padding C[{i},{j}] was overwritten");
            }
        }

        public string Describe() => $"transA={TransA} transB={TransB} m={M} n={N} k={K} alpha={Alpha} beta={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";
    }

    static readonly int[] OddSizes = [1, 3, 17, 33, 65, 127];

    [Theory]
    [MemberData(nameof(Isas))]
    public void MatchesDoublePrecisionOnOddShapes(string isaName)
    {
        var isa = Isa(isaName);
        var g = new Generator(42);
        int count = 0;
        foreach (int m in OddSizes)
            foreach (int n in OddSizes)
                foreach (int k in OddSizes)
                {
                    // Cycle transposes, scalars and padding so every combination meets many shapes.
                    var (ta, tb) = Transposes[count % 4];
                    var (alpha, beta) = ((count / 4) % 3) switch { 0 => (1f, 0f), 1 => (0.5f, 1f), _ => (-1.5f, 0.25f) };
                    var cs = new Case(g, ta, tb, m, n, k, alpha, beta, pad: count % 3 == 0 ? 0 : 5);
                    cs.AssertMatches(cs.RunPacked(isa, threads: 1), isa.ToString());
                    count++;
                }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void MatchesDoublePrecisionAcrossCacheBlocks(string isaName)
    {
        var isa = Isa(isaName);
        // Larger than MC (rows), KC (depth) and NC (columns), so every blocking loop runs more than once.
        var g = new Generator(7);
        foreach (var (ta, tb) in Transposes)
        {
            var tall = new Case(g, ta, tb, Gemm.MC + 157, 70, Gemm.KC * 2 + 9, 1f, 0.5f, pad: 3);
            tall.AssertMatches(tall.RunPacked(isa, threads: 2), isa.ToString());
        }
        var wide = new Case(g, false, false, 13, Gemm.NC + 101, Gemm.KC + 1, 1f, 0f, pad: 0);
        wide.AssertMatches(wide.RunPacked(isa, threads: 2), isa.ToString());
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void EveryRaggedRowAndColumnCount(string isaName)
    {
        // m = 1..13 meets every row count of the last sliver (tiles are 6 rows) and n = 1..40 every
        // column count of the last tile (one or two vectors of 4..16 lanes, depending on the path).
        var isa = Isa(isaName);
        var g = new Generator(21);
        for (int m = 1; m <= 13; m++)
        {
            var (ta, tb) = Transposes[m % 4];
            var cs = new Case(g, ta, tb, m, 40, 9, 1f, 0.5f, pad: 1);
            cs.AssertMatches(cs.RunPacked(isa, threads: 1), isa.ToString());
        }
        for (int n = 1; n <= 40; n++)
        {
            var (ta, tb) = Transposes[n % 4];
            var cs = new Case(g, ta, tb, 7, n, 9, 1f, 0.5f, pad: 1);
            cs.AssertMatches(cs.RunPacked(isa, threads: 1), isa.ToString());
        }
    }

    [Fact]
    public void ReferenceMatchesDoublePrecision()
    {
        var g = new Generator(3);
        foreach (var (ta, tb) in Transposes)
        {
            var cs = new Case(g, ta, tb, 17, 33, 65, -1.5f, 0.25f, pad: 2);
            cs.AssertMatches(cs.RunReference(), "Reference");
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void ThreadCountDoesNotChangeABit(string isaName)
    {
        var isa = Isa(isaName);
        var g = new Generator(11);
        // Shapes split by rows, by columns, with ragged tiles, and the RNN-sized ones the kernel is tuned for.
        (int m, int n, int k)[] shapes = [(32, 1024, 256), (301, 65, 256), (37, 517, 300), (2048, 64, 64), (64, 2048, 33)];
        foreach (var (m, n, k) in shapes)
            foreach (var (ta, tb) in Transposes)
            {
                var cs = new Case(g, ta, tb, m, n, k, 1.25f, 0.5f, pad: 1);
                var one = cs.RunPacked(isa, threads: 1);
                foreach (int threads in new[] { 2, 3, 4 })
                {
                    var many = cs.RunPacked(isa, threads);
                    for (int i = 0; i < one.Length; i++)
                        if (BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(many[i]))
                            Assert.Fail($"{isa} {cs.Describe()} threads={threads}: element {i} differs ({one[i]} vs {many[i]})");
                }
            }
    }

    [Fact]
    public void LargeCallsReallyShareWorkWithHelpers()
    {
        // Guards against the bit-identity test passing only because nothing ran in parallel. A helper
        // may start too late to take a chunk on one call, so allow many calls.
        var cs = new Case(new Generator(19), false, false, 64, 512, 256, 1f, 0f, pad: 0);
        long before = GemmWorkers.HelperChunks;
        for (int attempt = 0; attempt < 200 && GemmWorkers.HelperChunks == before; attempt++)
            cs.RunPacked(Gemm.BestIsa, threads: 2);
        Assert.True(GemmWorkers.HelperChunks > before, "no chunk ran on a helper thread in 200 two-thread calls");
    }

    [Fact]
    public void PublicEntryPointUsesTheFastPathAndMatches()
    {
        var cs = new Case(new Generator(5), false, true, 65, 127, 33, 1f, 0f, pad: 0);
        var got = cs.Run(c => Gemm.Sgemm(cs.TransA, cs.TransB, cs.M, cs.N, cs.K, cs.Alpha, cs.A, cs.Lda, cs.B, cs.Ldb, cs.Beta, c, cs.Ldc));
        cs.AssertMatches(got, "Sgemm(span)");
        Assert.Equal(cs.RunPacked(Gemm.BestIsa, 1), got);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void EmptyDimensions(string isaName)
    {
        var isa = Isa(isaName);
        var g = new Generator(9);
        // k = 0: C = beta * C (nothing to add); beta = 0 clears C.
        foreach (float beta in new[] { 0f, 0.5f })
        {
            var cs = new Case(g, false, false, 5, 7, 0, 1f, beta, pad: 2);
            var got = cs.RunPacked(isa, 1);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 7; j++)
                    Assert.Equal(beta * cs.C0[i * cs.Ldc + j], got[i * cs.Ldc + j]);
        }
        // m = 0 or n = 0: nothing is written.
        foreach (var (m, n) in new[] { (0, 7), (5, 0) })
        {
            var cs = new Case(g, false, false, m, n, 4, 1f, 0.5f, pad: 2);
            Assert.Equal(cs.C0, cs.RunPacked(isa, 2));
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void BetaZeroIgnoresGarbageInC(string isaName)
    {
        var isa = Isa(isaName);
        var cs = new Case(new Generator(13), false, false, 7, 19, 5, 1f, 0f, pad: 0);
        Array.Fill(cs.C0, float.NaN);
        var got = cs.RunPacked(isa, 1);
        Assert.DoesNotContain(got, float.IsNaN);
        cs.AssertMatches(got, isa.ToString());
    }

    [Fact]
    public void AlphaZeroScalesC()
    {
        var cs = new Case(new Generator(17), true, false, 9, 10, 11, 0f, 2f, pad: 0);
        var got = cs.RunPacked(Gemm.BestIsa, 1);
        for (int i = 0; i < got.Length; i++) Assert.Equal(2f * cs.C0[i], got[i]);
    }

    [Fact]
    public void BadArgumentsNameTheProblem()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        void Call(int m, int n, int k, int lda, int ldb, int ldc, float[]? aa = null, float[]? bb = null, float[]? cc = null) =>
            Gemm.Sgemm(false, false, m, n, k, 1f, aa ?? a, lda, bb ?? b, ldb, 0f, cc ?? c, ldc);

        Assert.Contains("negative size", Assert.Throws<ArgumentException>(() => Call(-1, 2, 3, 3, 2, 2)).Message);
        Assert.Contains("lda=2", Assert.Throws<ArgumentException>(() => Call(2, 2, 3, 2, 2, 2)).Message);
        Assert.Contains("ldc=1", Assert.Throws<ArgumentException>(() => Call(2, 2, 3, 3, 2, 1)).Message);
        Assert.Contains("A has 5 elements, needs 6", Assert.Throws<ArgumentException>(() => Call(2, 2, 3, 3, 2, 2, aa: new float[5])).Message);
        Assert.Contains("B has 5 elements, needs 6", Assert.Throws<ArgumentException>(() => Call(2, 2, 3, 3, 2, 2, bb: new float[5])).Message);
        Assert.Contains("C has 3 elements, needs 4", Assert.Throws<ArgumentException>(() => Call(2, 2, 3, 3, 2, 2, cc: new float[3])).Message);
        // Transposed A is stored k x m, so lda must cover m.
        var e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(true, false, 4, 2, 1, 1f, new float[4], 3, b, 2, 0f, new float[8], 2));
        Assert.Contains("lda=3", e.Message);
    }

    [Fact]
    public void MaxThreadsRejectsZero()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
        Assert.Contains("at least 1", e.Message);
        Assert.True(Gemm.MaxThreads >= 1);
    }
}
