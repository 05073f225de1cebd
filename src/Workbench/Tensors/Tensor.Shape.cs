namespace Workbench.Tensors;

public sealed partial class Tensor
{
    /// <summary>Same values in a new shape (one dimension may be -1 and is inferred). Shares storage.</summary>
    public Tensor Reshape(params int[] newShape)
    {
        var s = (int[])newShape.Clone();
        int infer = -1; long known = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1) { if (infer >= 0) throw new ArgumentException($"reshape: more than one -1 in {ShapeUtil.Format(newShape)}."); infer = i; }
            else if (s[i] < 0) throw new ArgumentException($"reshape: negative dimension in {ShapeUtil.Format(newShape)}.");
            else known *= s[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || data.Length % known != 0)
                throw new ArgumentException($"reshape: cannot infer -1 in {ShapeUtil.Format(newShape)} for {data.Length} elements (shape {ShapeUtil.Format(shape)}).");
            s[infer] = (int)(data.Length / known);
        }
        if (ShapeUtil.Numel(s) != data.Length)
            throw new ArgumentException($"reshape: shape {ShapeUtil.Format(shape)} ({data.Length} elements) cannot be viewed as {ShapeUtil.Format(newShape)}.");
        return FromOp(data, s, "ViewBackward", [this], g => PassGradThrough(g));   // the same values: pass the array on
    }

    public Tensor View(params int[] newShape) => Reshape(newShape);
    public Tensor Flatten() => Reshape(-1);

    public Tensor Unsqueeze(int dim)
    {
        int d = dim < 0 ? dim + shape.Length + 1 : dim;
        if (d < 0 || d > shape.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"unsqueeze: dimension {dim} out of range for rank {shape.Length}.");
        var s = new List<int>(shape); s.Insert(d, 1);
        return Reshape(s.ToArray());
    }

    public Tensor Squeeze(int dim)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "squeeze");
        if (shape[d] != 1) return this;
        var s = new List<int>(shape); s.RemoveAt(d);
        return Reshape(s.ToArray());
    }

    /// <summary><paramref name="length"/> entries of dimension <paramref name="dim"/> starting at
    /// <paramref name="start"/> (torch.narrow; also what slicing x[:, a:b] does). Copies.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "narrow");
        if (start < 0) start += shape[d];
        if (start < 0 || length < 0 || start + length > shape[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: range [{start}, {start + length}) is out of bounds for dimension {d} of size {shape[d]} (shape {ShapeUtil.Format(shape)}).");
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        var s = (int[])shape.Clone(); s[d] = length;
        var y = new float[outer * length * inner];
        for (int o = 0; o < outer; o++)
            Array.Copy(data, (o * size + start) * inner, y, o * length * inner, length * inner);
        return FromOp(y, s, "NarrowBackward", [this], g =>
        {
            var r = new float[data.Length];
            for (int o = 0; o < outer; o++)
                Array.Copy(g, o * length * inner, r, (o * size + start) * inner, length * inner);
            AccumulateGrad(r);
        });
    }

    /// <summary>Entry <paramref name="index"/> of dimension <paramref name="dim"/>, that dimension removed (x[:, i]).</summary>
    public Tensor Select(int dim, int index)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "select");
        if (index < -shape[d] || index >= shape[d])
            throw new IndexOutOfRangeException($"select: index {index} is out of range for dimension {d} of size {shape[d]} (shape {ShapeUtil.Format(shape)}).");
        return Narrow(d, index < 0 ? index + shape[d] : index, 1).Squeeze(d);
    }

    /// <summary>Rows (entries of <paramref name="dim"/>) picked by <paramref name="indices"/>, repeats allowed
    /// (torch.index_select). Used to reorder batches by length and beams by parent.</summary>
    public Tensor IndexSelect(int dim, int[] indices)
    {
        int d = ShapeUtil.NormDim(dim, shape.Length, "index_select");
        var (outer, size, inner) = ShapeUtil.Split(shape, d);
        foreach (int i in indices)
            if ((uint)i >= (uint)size)
                throw new IndexOutOfRangeException($"index_select: index {i} is out of range for dimension {d} of size {size} (shape {ShapeUtil.Format(shape)}).");
        var s = (int[])shape.Clone(); s[d] = indices.Length;
        int n = indices.Length;
        var y = new float[outer * n * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < n; j++)
                Array.Copy(data, (o * size + indices[j]) * inner, y, (o * n + j) * inner, inner);
        var idx = (int[])indices.Clone();
        return FromOp(y, s, "IndexSelectBackward", [this], g =>
        {
            var r = new float[data.Length];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < n; j++)
                    System.Numerics.Tensors.TensorPrimitives.Add(r.AsSpan((o * size + idx[j]) * inner, inner),
                        g.AsSpan((o * n + j) * inner, inner), r.AsSpan((o * size + idx[j]) * inner, inner));
            AccumulateGrad(r);
        });
    }

    /// <summary>Joins tensors along an existing dimension (torch.cat). All other dimensions must agree.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("cat: needs at least one tensor.");
        var first = tensors[0];
        int d = ShapeUtil.NormDim(dim, first.shape.Length, "cat");
        int total = 0;
        foreach (var t in tensors)
        {
            if (t.shape.Length != first.shape.Length)
                throw new ArgumentException($"cat: tensors of rank {first.shape.Length} ({ShapeUtil.Format(first.shape)}) and {t.shape.Length} ({ShapeUtil.Format(t.shape)}) cannot be joined.");
            for (int i = 0; i < t.shape.Length; i++)
                if (i != d && t.shape[i] != first.shape[i])
                    throw new ArgumentException($"cat: shapes {ShapeUtil.Format(first.shape)} and {ShapeUtil.Format(t.shape)} differ in dimension {i}, joining along {d}.");
            total += t.shape[d];
        }
        var s = (int[])first.shape.Clone(); s[d] = total;
        var (outer, _, inner) = ShapeUtil.Split(s, d);
        var y = new float[ShapeUtil.Numel(s)];
        var parts = tensors.ToArray();
        int offset = 0;
        foreach (var t in parts)
        {
            int len = t.shape[d] * inner;
            for (int o = 0; o < outer; o++) Array.Copy(t.data, o * len, y, o * total * inner + offset, len);
            offset += len;
        }
        return FromOp(y, s, "CatBackward", parts, g =>
        {
            int off = 0;
            foreach (var t in parts)
            {
                int len = t.shape[d] * inner;
                if (t.requiresGrad)
                {
                    var r = new float[t.data.Length];
                    for (int o = 0; o < outer; o++) Array.Copy(g, o * total * inner + off, r, o * len, len);
                    t.AccumulateGrad(r);
                }
                off += len;
            }
        });
    }

    /// <summary>Joins same-shaped tensors along a new dimension (torch.stack).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack: needs at least one tensor.");
        foreach (var t in tensors)
            if (!ShapeUtil.SameShape(t.shape, tensors[0].shape))
                throw new ArgumentException($"stack: all tensors must have the same shape; got {ShapeUtil.Format(tensors[0].shape)} and {ShapeUtil.Format(t.shape)}.");
        return Cat(tensors.Select(t => t.Unsqueeze(dim)).ToArray(), dim);
    }

    /// <summary>Swaps two dimensions (copies into contiguous storage).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.NormDim(dim0, shape.Length, "transpose"), b = ShapeUtil.NormDim(dim1, shape.Length, "transpose");
        if (a == b) return this;
        var perm = Enumerable.Range(0, shape.Length).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>2-D transpose.</summary>
    public Tensor T()
    {
        if (shape.Length != 2) throw new InvalidOperationException($"t: expects a 2-D tensor, got shape {ShapeUtil.Format(shape)}.");
        return Transpose(0, 1);
    }

    /// <summary>Reorders dimensions (torch.permute); copies.</summary>
    public Tensor Permute(params int[] dims)
    {
        int r = shape.Length;
        if (dims.Length != r || dims.Distinct().Count() != r || dims.Any(x => x < 0 || x >= r))
            throw new ArgumentException($"permute: {ShapeUtil.Format(dims)} is not a permutation of the {r} dimensions of {ShapeUtil.Format(shape)}.");
        var outShape = dims.Select(x => shape[x]).ToArray();
        var inStrides = new int[r];
        for (int i = r - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]; }
        var src = new int[data.Length];   // src[o] = flat input index of output element o
        var idx = new int[r];
        for (int o = 0; o < data.Length; o++)
        {
            int off = 0;
            for (int k = 0; k < r; k++) off += idx[k] * inStrides[dims[k]];
            src[o] = off;
            for (int k = r - 1; k >= 0; k--) { if (++idx[k] < outShape[k]) break; idx[k] = 0; }
        }
        var y = new float[data.Length];
        for (int o = 0; o < y.Length; o++) y[o] = data[src[o]];
        return FromOp(y, outShape, "PermuteBackward", [this], g =>
        {
            var gr = new float[data.Length];
            for (int o = 0; o < g.Length; o++) gr[src[o]] = g[o];
            AccumulateGrad(gr);
        });
    }
}
