using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Kernels;

/// <summary>
/// The pre-packed B operand: every product through <see cref="Gemm.PackedB"/> must give exactly the bits of
/// the ordinary packed GEMM on the same ISA (same k order, same tiles), and through it the same accuracy
/// against double precision.
/// </summary>
public unsafe class PackedBTests
{
    static float[] RunPrepacked(GemmTests.Case cs, GemmIsa isa, int threads) => cs.Run(c =>
    {
        fixed (float* pa = cs.A) fixed (float* pb = cs.B) fixed (float* pc = c)
        {
            using var packed = Gemm.PackB(isa, cs.TransB, cs.K, cs.N, pb, cs.Ldb);
            Gemm.Packed(isa, threads, cs.TransA, cs.M, cs.N, cs.K, cs.Alpha, pa, cs.Lda, packed, cs.Beta, pc, cs.Ldc);
        }
    });

    static void AssertSameBits(float[] want, float[] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
            if (BitConverter.SingleToInt32Bits(want[i]) != BitConverter.SingleToInt32Bits(got[i]))
                Assert.Fail($"{what}: element {i} is {got[i]}, the on-the-fly packing gives {want[i]}");
    }

    [Theory]
    [MemberData(nameof(GemmTests.Isas), MemberType = typeof(GemmTests))]
    public void BitIdenticalToSgemmOnOddShapes(string isaName)
    {
        var isa = GemmTests.Isa(isaName);
        var g = new Generator(101);
        int[] sizes = [1, 3, 17, 33, 65, 127];
        int count = 0;
        foreach (int m in sizes)
            foreach (int n in sizes)
                foreach (int k in sizes)
                {
                    var (ta, tb) = GemmTests.Transposes[count % 4];
                    var (alpha, beta) = ((count / 4) % 3) switch { 0 => (1f, 0f), 1 => (0.5f, 1f), _ => (-1.5f, 0.25f) };
                    var cs = new GemmTests.Case(g, ta, tb, m, n, k, alpha, beta, pad: count % 3 == 0 ? 0 : 5);
                    var got = RunPrepacked(cs, isa, threads: 1);
                    AssertSameBits(cs.RunPacked(isa, threads: 1), got, $"{isa} {cs.Describe()}");
                    if (count % 7 == 0) cs.AssertMatches(got, $"{isa} prepacked");
                    count++;
                }
    }

    [Theory]
    [MemberData(nameof(GemmTests.Isas), MemberType = typeof(GemmTests))]
    public void BitIdenticalAcrossCacheBlocksAndThreadCounts(string isaName)
    {
        // n > NC and k > KC so op(B) has several column blocks and k blocks (the panel addressing), and
        // 2-4 threads so the product is split by rows and by columns (a column part starts mid-panel).
        var isa = GemmTests.Isa(isaName);
        var g = new Generator(103);
        (int m, int n, int k)[] shapes = [(32, 2048, 512), (16, 512, 2048), (13, Gemm.NC + 101, Gemm.KC + 1), (301, 65, 256), (64, Gemm.NC + 45, 33)];
        foreach (var (m, n, k) in shapes)
            foreach (var (ta, tb) in GemmTests.Transposes)
            {
                var cs = new GemmTests.Case(g, ta, tb, m, n, k, 1.25f, 0.5f, pad: 1);
                var want = cs.RunPacked(isa, threads: 1);
                foreach (int threads in new[] { 1, 2, 3, 4 })
                    AssertSameBits(want, RunPrepacked(cs, isa, threads), $"{isa} {cs.Describe()} threads={threads}");
            }
        var wide = new GemmTests.Case(g, false, true, 13, Gemm.NC + 101, Gemm.KC + 1, 1f, 0f, pad: 0);
        wide.AssertMatches(RunPrepacked(wide, isa, threads: 2), $"{isa} prepacked");
    }

    [Fact]
    public void OnePackServesManyProductsAndIsASnapshot()
    {
        var g = new Generator(107);
        var cs = new GemmTests.Case(g, false, true, 16, 96, 40, 1f, 0f, pad: 0);
        using var packed = Gemm.PackB(cs.TransB, cs.K, cs.N, cs.B, cs.Ldb);
        var want = cs.RunPacked(Gemm.BestIsa, 1);
        var snapshot = (float[])cs.B.Clone();
        for (int call = 0; call < 3; call++)
        {
            var got = cs.Run(c => Gemm.SgemmPacked(cs.TransA, cs.M, cs.N, cs.K, cs.Alpha, cs.A, cs.Lda, packed, cs.Beta, c, cs.Ldc));
            AssertSameBits(want, got, $"call {call}");
            Array.Fill(cs.B, 0f);   // the pack is a copy: later changes to B do not reach it
        }
        Assert.NotEqual(snapshot, cs.B);
    }

    [Fact]
    public void BadArgumentsNameTheProblem()
    {
        var b = new float[12];
        using var packed = Gemm.PackB(false, 3, 4, b, 4);
        Assert.Equal((3, 4), (packed.K, packed.N));
        var e = Assert.Throws<ArgumentException>(() => Gemm.SgemmPacked(false, 2, 4, 5, 1f, new float[10], 5, packed, 0f, new float[8], 4));
        Assert.Contains("packed B is 3 x 4", e.Message);
        Assert.Contains("B has 12 elements, needs 16", Assert.Throws<ArgumentException>(() => Gemm.PackB(false, 4, 4, b, 4)).Message);
        Assert.Contains("C has 7 elements, needs 8", Assert.Throws<ArgumentException>(() =>
            Gemm.SgemmPacked(false, 2, 4, 3, 1f, new float[6], 3, packed, 0f, new float[7], 4)).Message);
        var gone = Gemm.PackB(false, 3, 4, b, 4);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Gemm.SgemmPacked(false, 2, 4, 3, 1f, new float[6], 3, gone, 0f, new float[8], 4));
    }
}
