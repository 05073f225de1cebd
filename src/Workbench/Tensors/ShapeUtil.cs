namespace Workbench.Tensors;

/// <summary>Shape arithmetic shared by all ops: validation, numel, broadcasting, readable formatting.</summary>
internal static class ShapeUtil
{
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static long Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }

    public static int[] Check(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int s in shape)
            if (s < 0) throw new ArgumentException($"{op}: negative dimension in shape {Format(shape)}.");
        if (Numel(shape) > int.MaxValue) throw new ArgumentException($"{op}: shape {Format(shape)} has more than 2^31-1 elements.");
        return (int[])shape.Clone();
    }

    public static int NormDim(int dim, int rank, string op)
    {
        int d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 1) || (rank == 0 && d != 0))
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of rank {rank}.");
        return d;
    }

    /// <summary>The broadcast shape of a and b (NumPy/PyTorch rules), or an error naming the op and both shapes.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int r = Math.Max(a.Length, b.Length);
        var o = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i < r - a.Length ? 1 : a[i - (r - a.Length)];
            int db = i < r - b.Length ? 1 : b[i - (r - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            o[i] = da == 1 ? db : da;
        }
        return o;
    }

    /// <summary>Strides (in elements) of a contiguous tensor of <paramref name="shape"/> viewed as
    /// <paramref name="outShape"/> by broadcasting: 0 where the dimension is broadcast.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outShape)
    {
        int r = outShape.Length, off = r - shape.Length;
        var st = new int[r];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            st[i + off] = shape[i] == 1 && outShape[i + off] != 1 ? 0 : s;
            s *= shape[i];
        }
        return st;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>(outer, size, inner) for an op along <paramref name="dim"/>.</summary>
    public static (int outer, int size, int inner) Split(ReadOnlySpan<int> shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }
}
