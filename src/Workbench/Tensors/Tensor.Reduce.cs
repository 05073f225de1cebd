using System.Numerics.Tensors;

namespace Workbench.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements, a scalar.</summary>
    public Tensor Sum()
    {
        float s = TensorPrimitives.Sum<float>(data);
        return FromOp([s], [], "SumBackward", [this], g =>
        {
            var r = new float[data.Length]; Array.Fill(r, g[0]); AccumulateGrad(r);
        });
    }

    /// <summary>Mean of all elements, a scalar.</summary>
    public Tensor Mean()
    {
        if (data.Length == 0) throw new InvalidOperationException("mean: tensor has no elements.");
        return Sum().MulScalar(1f / data.Length);
    }

    /// <summary>Sum along <paramref name="dim"/>; with keepdim the dimension stays with size 1.</summary>
    public Tensor Sum(int dim, bool keepdim = false)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "sum");
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        var y = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int s = 0; s < size; s++)
                TensorPrimitives.Add(y.AsSpan(o * inner, inner), data.AsSpan((o * size + s) * inner, inner), y.AsSpan(o * inner, inner));
        return FromOp(y, ReducedShape(d, keepdim), "SumBackward", [this], g =>
        {
            var r = new float[data.Length];
            for (int o = 0; o < outer; o++)
                for (int s = 0; s < size; s++)
                    g.AsSpan(o * inner, inner).CopyTo(r.AsSpan((o * size + s) * inner, inner));
            AccumulateGrad(r);
        });
    }

    public Tensor Mean(int dim, bool keepdim = false)
    {
        int n = shape[ShapeUtil.NormDim(dim, shape.Length, "mean")];
        if (n == 0) throw new InvalidOperationException($"mean: dimension {dim} of shape {ShapeUtil.Format(shape)} is empty.");
        return Sum(dim, keepdim).MulScalar(1f / n);
    }

    /// <summary>Maximum along <paramref name="dim"/>; the gradient flows to the (first) arg-max.</summary>
    public Tensor Max(int dim, bool keepdim = false)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "max");
        var idx = ArgIndices(d);
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        var y = new float[idx.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                y[o * inner + i] = data[(o * size + idx[o * inner + i]) * inner + i];
        return FromOp(y, ReducedShape(d, keepdim), "MaxBackward", [this], g =>
        {
            var r = new float[data.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    r[(o * size + idx[o * inner + i]) * inner + i] = g[o * inner + i];
            AccumulateGrad(r);
        });
    }

    /// <summary>Index of the maximum along <paramref name="dim"/> (first one on ties), as a float tensor
    /// like torch.argmax; no gradient.</summary>
    public Tensor Argmax(int dim, bool keepdim = false)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "argmax");
        var idx = ArgIndices(d);
        return new Tensor(Array.ConvertAll(idx, i => (float)i), ReducedShape(d, keepdim));
    }

    /// <summary>Arg-max indices along <paramref name="dim"/> as ints (row-major over the other dimensions).</summary>
    public int[] ArgmaxIndices(int dim) => ArgIndices(ShapeUtil.NormDim(dim, shape.Length, "argmax"));

    int[] ArgIndices(int d)
    {
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        if (size == 0) throw new InvalidOperationException($"argmax: dimension {d} of shape {ShapeUtil.Format(shape)} is empty.");
        var idx = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1) { idx[o] = TensorPrimitives.IndexOfMax(data.AsSpan(o * size, size)); continue; }
            for (int i = 0; i < inner; i++)
            {
                int best = 0; float bv = data[o * size * inner + i];
                for (int s = 1; s < size; s++)
                {
                    float v = data[(o * size + s) * inner + i];
                    if (v > bv || (float.IsNaN(v) && !float.IsNaN(bv))) { bv = v; best = s; }
                }
                idx[o * inner + i] = best;
            }
        }
        return idx;
    }

    int[] ReducedShape(int d, bool keepdim)
    {
        var s = new List<int>(shape);
        if (keepdim) s[d] = 1; else s.RemoveAt(d);
        return s.ToArray();
    }
}
