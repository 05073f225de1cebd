namespace Workbench.Tensors;

/// <summary>Materialises a broadcast view and sums a gradient back to an input's shape.
/// One odometer walk serves both directions.</summary>
internal static class Broadcast
{
    /// <summary>src (of srcShape) expanded to outShape.</summary>
    public static float[] Expand(float[] src, ReadOnlySpan<int> srcShape, int[] outShape)
    {
        var dst = new float[ShapeUtil.Numel(outShape)];
        Walk(src, srcShape, dst, outShape, expand: true);
        return dst;
    }

    /// <summary>grad (of outShape) summed over the broadcast dimensions down to targetShape.</summary>
    public static float[] SumTo(float[] grad, int[] outShape, ReadOnlySpan<int> targetShape)
    {
        if (ShapeUtil.SameShape(outShape, targetShape)) return grad;
        var dst = new float[ShapeUtil.Numel(targetShape)];
        Walk(dst, targetShape, grad, outShape, expand: false);
        return dst;
    }

    static void Walk(float[] small, ReadOnlySpan<int> smallShape, float[] big, int[] bigShape, bool expand)
    {
        int r = bigShape.Length;
        if (big.Length == 0) return;
        var strides = ShapeUtil.BroadcastStrides(smallShape, bigShape);
        // The innermost dimension is walked as a run: contiguous (stride 1) or repeated (stride 0).
        int inner = r == 0 ? 1 : bigShape[r - 1], innerStride = r == 0 ? 0 : strides[r - 1];
        var idx = new int[Math.Max(r - 1, 0)];
        int off = 0;
        for (int o = 0; o < big.Length; o += inner)
        {
            if (expand)
            {
                if (innerStride == 1) Array.Copy(small, off, big, o, inner);
                else Array.Fill(big, small[off], o, inner);
            }
            else if (innerStride == 1)
                System.Numerics.Tensors.TensorPrimitives.Add(small.AsSpan(off, inner), big.AsSpan(o, inner), small.AsSpan(off, inner));
            else
                small[off] += System.Numerics.Tensors.TensorPrimitives.Sum<float>(big.AsSpan(o, inner));
            for (int d = r - 2; d >= 0; d--)
            {
                idx[d]++; off += strides[d];
                if (idx[d] < bigShape[d]) break;
                off -= strides[d] * bigShape[d]; idx[d] = 0;
            }
        }
    }
}
