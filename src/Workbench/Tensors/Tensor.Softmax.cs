using System.Numerics.Tensors;

namespace Workbench.Tensors;

public sealed partial class Tensor
{
    /// <summary>softmax along <paramref name="dim"/>: exp(x - max) / sum exp(x - max).</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>log softmax along <paramref name="dim"/>: x - max - log sum exp(x - max), stable for large logits.</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    Tensor SoftmaxCore(int dim, bool log)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, log ? "log_softmax" : "softmax");
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        var y = new float[data.Length];
        var row = new float[size];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                Gather(data, row, o, size, inner, i);
                if (log) LogSoftmaxRow(row); else SoftmaxRow(row);
                Scatter(row, y, o, size, inner, i);
            }
        return FromOp(y, (int[])shape.Clone(), log ? "LogSoftmaxBackward" : "SoftmaxBackward", [this], g =>
        {
            var r = new float[data.Length];
            var gy = new float[size];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    Gather(y, row, o, size, inner, i);
                    Gather(g, gy, o, size, inner, i);
                    if (log)
                    {   // dx = g - softmax * sum(g)
                        float sg = TensorPrimitives.Sum<float>(gy);
                        for (int s = 0; s < size; s++) gy[s] -= MathF.Exp(row[s]) * sg;
                    }
                    else
                    {   // dx = y * (g - sum(g * y))
                        float dot = TensorPrimitives.Dot<float>(gy, row);
                        for (int s = 0; s < size; s++) gy[s] = row[s] * (gy[s] - dot);
                    }
                    Scatter(gy, r, o, size, inner, i);
                }
            AccumulateGrad(r);
        });
    }

    /// <summary>In place: exp(x - max) / Σ exp(x - max). (TensorPrimitives.SoftMax does not shift by the
    /// maximum and overflows on large logits.)</summary>
    internal static void SoftmaxRow(Span<float> row)
    {
        float max = RowMax(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        float sum = TensorPrimitives.Sum<float>(row);
        TensorPrimitives.Divide(row, sum, row);
    }

    /// <summary>In place: (x - max) - log Σ exp(x - max). Shifting first keeps precision for large logits.</summary>
    internal static void LogSoftmaxRow(Span<float> row)
    {
        float max = RowMax(row);
        TensorPrimitives.Subtract(row, max, row);
        double sum = Kernels.VectorMath.SumExp(row);   // vector exp: a scalar MathF.Exp per class dominated small-vocabulary losses
        TensorPrimitives.Subtract(row, (float)Math.Log(sum), row);
    }

    static float RowMax(ReadOnlySpan<float> row)
    {
        float max = TensorPrimitives.Max<float>(row);
        return float.IsNegativeInfinity(max) ? 0f : max;   // an all -inf row stays -inf instead of NaN
    }

    static void Gather(float[] src, float[] row, int o, int size, int inner, int i)
    {
        if (inner == 1) { Array.Copy(src, o * size, row, 0, size); return; }
        for (int s = 0; s < size; s++) row[s] = src[(o * size + s) * inner + i];
    }

    static void Scatter(float[] row, float[] dst, int o, int size, int inner, int i)
    {
        if (inner == 1) { Array.Copy(row, 0, dst, o * size, size); return; }
        for (int s = 0; s < size; s++) dst[(o * size + s) * inner + i] = row[s];
    }
}
