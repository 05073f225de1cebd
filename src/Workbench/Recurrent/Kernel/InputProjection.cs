using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// The part of a layer's gates that does not depend on a&lt;t-1&gt;: x&lt;t&gt; W_ihᵀ + b for every step, computed before
/// the recurrence starts, and its backward pass (dW_ih and the gradient of the input). <see cref="DenseProjection"/>
/// does it with one GEMM over all steps; <see cref="EmbeddingLookup"/> looks rows up in the table E W_ihᵀ when the
/// bottom layer reads token ids.
/// </summary>
internal abstract class InputProjection
{
    /// <summary>Before the recurrence of one direction: the projections of every step, time-major [T, B, G*H], with
    /// the biases <paramref name="fold"/> [G*H] (null: none) added, go into <paramref name="gates"/>, or are prepared
    /// for <see cref="Step"/> to copy.</summary>
    public abstract void Forward(DirectionWeights w, float[]? fold, float[] gates);

    /// <summary>Inside the recurrence: makes sure the projections of step <paramref name="t"/> for rows
    /// <paramref name="b0"/>.. of a row block are in <paramref name="gates"/> (nothing to do when
    /// <see cref="Forward"/> wrote them all).</summary>
    public virtual void Step(int t, int b0, int rows, Span<float> gates) { }

    /// <summary>dW_ih, and the input's gradient (added into <paramref name="dInput"/> [T, B, in] after the first
    /// direction, when not null), from dPre = dL/d(projection) [T*B, G*H] of direction <paramref name="direction"/>.</summary>
    public abstract void Backward(int direction, DirectionWeights w, float[] dPre, float[]? dInput);

    /// <summary>After every direction's <see cref="Backward"/>: hands over gradients gathered across directions.</summary>
    public virtual void EndBackward() { }
}

/// <summary>x [T, B, F] time-major (a layer's input): x W_ihᵀ + b for all T*B rows as one GEMM.</summary>
internal sealed class DenseProjection(float[] input, int rows, int inputSize, int gateWidth) : InputProjection
{
    public override void Forward(DirectionWeights w, float[]? fold, float[] gates)
    {
        if (fold is not null)
            for (int r = 0; r < rows; r++) fold.CopyTo(gates, r * gateWidth);
        Gemm.Sgemm(false, true, rows, gateWidth, inputSize, 1f, input, inputSize, w.WeightIh.data, inputSize,
            fold is null ? 0f : 1f, gates, gateWidth);
    }

    public override void Backward(int direction, DirectionWeights w, float[] dPre, float[]? dInput)
    {
        int F = inputSize, GH = gateWidth;
        if (w.WeightIh.RequiresGrad)
        {
            var dWih = BufferPool.Rent(GH * F, clear: false);
            Gemm.Sgemm(true, false, GH, F, rows, 1f, dPre, GH, input, F, 0f, dWih, F);
            w.WeightIh.AccumulateGradOwned(dWih);
        }
        if (dInput is not null)   // both directions read the same input: the second adds its part
            Gemm.Sgemm(false, false, rows, F, GH, 1f, dPre, GH, w.WeightIh.data, F, direction == 0 ? 0f : 1f, dInput, F);
    }
}
