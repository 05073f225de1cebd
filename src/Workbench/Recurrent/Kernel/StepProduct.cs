using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// The one matrix product of each recurrent step, for a block of rows on the calling thread (the row-block workers
/// each run their own): a&lt;t-1&gt; W_hhᵀ forward, dgates W_hh backward. W_hh is packed into the GEMM kernel's
/// panel layout once per pass and shared by every step and worker.
/// </summary>
internal sealed class StepProduct : IDisposable
{
    readonly Gemm.PackedB packed;

    StepProduct(Gemm.PackedB packed) => this.packed = packed;

    /// <summary>For c = a&lt;t-1&gt; W_hhᵀ: W_hh [G*H, H] packed as the [H, G*H] operand.</summary>
    public static StepProduct HiddenToGates(float[] weightHh, int hidden, int gateWidth) =>
        new(Gemm.PackB(true, hidden, gateWidth, weightHh, hidden));

    /// <summary>For c = dgates W_hh: W_hh [G*H, H] as it is.</summary>
    public static StepProduct GatesToHidden(float[] weightHh, int hidden, int gateWidth) =>
        new(Gemm.PackB(false, gateWidth, hidden, weightHh, hidden));

    /// <summary>c = a B + beta c for <paramref name="rows"/> rows of a (leading dimension <paramref name="lda"/>) and c
    /// (<paramref name="ldc"/>).</summary>
    public unsafe void Multiply(int rows, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc)
    {
        Gemm.CheckArgs(false, false, rows, packed.N, packed.K, a.Length, lda, int.MaxValue, Math.Max(1, packed.N), c.Length, ldc);
        fixed (float* pa = a) fixed (float* pc = c)
            Gemm.SerialPacked(false, rows, packed.N, packed.K, 1f, pa, lda, packed, beta, pc, ldc);
    }

    public void Dispose() => packed.Dispose();
}
