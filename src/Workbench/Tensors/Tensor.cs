using System.Globalization;
using System.Text;
using Workbench.Notebook;

namespace Workbench.Tensors;

/// <summary>
/// A float32 tensor with contiguous row-major storage and reverse-mode autograd (define-by-run).
/// Shapes and verbs follow PyTorch/TorchSharp: <c>Shape</c>, <c>Reshape</c>, <c>Sum(dim)</c>,
/// <c>Backward()</c>, <c>Grad</c>, <c>Detach()</c>, <c>RequiresGrad</c>.
/// Ops live in the partial files Tensor.*.cs; the autograd engine in Autograd/.
/// </summary>
[TypeFormatterSource(typeof(PlainTextFormatterSource<Tensor>), PreferredMimeTypes = ["text/plain"])] // notebooks show ToString()
public sealed partial class Tensor : IDisposable
{
    float[]? storage;   // null once disposed
    readonly int[] shape;
    readonly int numel;

    internal Tensor(float[] data, int[] shape) : this(data, shape, register: true) { }

    /// <param name="register">False for tensors no dispose scope may release (a parameter's gradient).</param>
    internal Tensor(float[] data, int[] shape, bool register)
    {
        long n = ShapeUtil.Numel(shape);
        if (data.Length != n)
            throw new ArgumentException($"Tensor: data has {data.Length} elements but shape {ShapeUtil.Format(shape)} needs {n}.");
        storage = data;
        numel = data.Length;
        this.shape = shape;
        if (register) DisposeScope.Current?.Register(this);
    }

    /// <summary>The values, row-major; throws once the tensor is disposed.</summary>
    internal float[] data => storage ?? throw Disposed();

    internal float[]? StorageOrNull => storage;

    internal void ReleaseStorage() => storage = null;

    ObjectDisposedException Disposed() => new(nameof(Tensor),
        $"tensor {ShapeUtil.Format(shape)} was disposed (by Dispose() or at the end of its DisposeScope); call MoveToOuterDisposeScope() on tensors that must outlive their scope.");

    /// <summary>True once disposed: its values are gone and reading them throws.</summary>
    public bool IsDisposed => storage is null;

    /// <summary>Drops the values now (TorchSharp's Dispose); storage lent by a dispose scope goes back to the pool
    /// when that scope ends.</summary>
    public void Dispose() => storage = null;

    /// <summary>A dispose scope that releases every tensor made while it is open (TorchSharp's
    /// torch.NewDisposeScope()); see <see cref="DisposeScope"/>.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Keeps this tensor (and its storage) alive past the innermost open dispose scope by handing it to the
    /// enclosing one, or to no scope at all. Returns this tensor.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        DisposeScope.Current?.Move(this);
        return this;
    }

    /// <summary>The dimensions, outermost first. A copy: tensors never change shape.</summary>
    public int[] Shape => (int[])shape.Clone();
    internal ReadOnlySpan<int> ShapeSpan => shape;
    public int Rank => shape.Length;
    public int Numel => numel;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => shape[ShapeUtil.NormDim(dim, shape.Length, "size")];

    /// <summary>Read-only view of the values in row-major order.</summary>
    public ReadOnlySpan<float> Values => data;

    /// <summary>Mutable view of the values. Writing into a tensor that is part of a graph corrupts its
    /// gradients, as in-place edits do in PyTorch; use it for parameters under <see cref="NoGrad"/>.</summary>
    public Span<float> AsSpan() => data;

    public float[] ToArray() => (float[])data.Clone();

    /// <summary>The single value of a one-element tensor (torch's item()).</summary>
    public float Item()
    {
        if (data.Length != 1) throw new InvalidOperationException($"item: tensor of shape {ShapeUtil.Format(shape)} has {data.Length} elements, not 1.");
        return data[0];
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => data[FlatIndex(index)];
        set => data[FlatIndex(index)] = value;
    }

    int FlatIndex(int[] index)
    {
        if (index.Length != shape.Length)
            throw new IndexOutOfRangeException($"Tensor index has {index.Length} coordinates, shape {ShapeUtil.Format(shape)} has {shape.Length}.");
        int flat = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if ((uint)i >= (uint)shape[d])
                throw new IndexOutOfRangeException($"Tensor index {index[d]} is out of range for dimension {d} of size {shape[d]} (shape {ShapeUtil.Format(shape)}).");
            flat = flat * shape[d] + i;
        }
        return flat;
    }

    // ---------------------------------------------------------------- creation

    /// <summary>Wraps a copy of <paramref name="values"/> with the given shape (torch.tensor(...).view(shape)).
    /// With no shape, a 1-D tensor.</summary>
    public static Tensor FromArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var s = shape.Length == 0 ? [values.Length] : ShapeUtil.Check(shape, "from_array");
        return new Tensor((float[])values.Clone(), s);
    }

    public static Tensor FromArray(float[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var d = new float[r * c];
        Buffer.BlockCopy(values, 0, d, 0, d.Length * sizeof(float));
        return new Tensor(d, [r, c]);
    }

    public static Tensor Scalar(float value) => new([value], []);
    public static Tensor Zeros(params int[] shape) => new(new float[ShapeUtil.Numel(ShapeUtil.Check(shape, "zeros"))], (int[])shape.Clone());
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = Zeros(shape);
        Array.Fill(t.data, value);
        return t;
    }

    public static Tensor ZerosLike(Tensor t) => Zeros(t.shape);
    public static Tensor OnesLike(Tensor t) => Ones(t.shape);

    /// <summary>0, 1, ..., n-1 as floats.</summary>
    public static Tensor Arange(int n)
    {
        var d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return new Tensor(d, [n]);
    }

    /// <summary>Normal(mean, std) samples from <paramref name="generator"/> (default generator if null).</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null, float mean = 0f, float std = 1f)
    {
        var g = generator ?? Generator.Default;
        var t = Zeros(shape);
        for (int i = 0; i < t.data.Length; i++) t.data[i] = (float)(mean + std * g.NextNormal());
        return t;
    }

    /// <summary>Uniform samples in [low, high) from <paramref name="generator"/> (default generator if null).</summary>
    public static Tensor Uniform(int[] shape, float low, float high, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Zeros(shape);
        for (int i = 0; i < t.data.Length; i++) t.data[i] = low + (high - low) * g.NextFloat();
        return t;
    }

    public static Tensor Rand(int[] shape, Generator? generator = null) => Uniform(shape, 0f, 1f, generator);

    /// <summary>A deep copy with no graph history (torch's clone().detach()).</summary>
    public Tensor Clone() => new((float[])data.Clone(), (int[])shape.Clone());

    // ---------------------------------------------------------------- printing

    /// <summary>Prints like TorchSharp: a header with shape and type, then the values, long dimensions
    /// shortened to their first and last three entries.</summary>
    public override string ToString() => ToString(maxPerDim: 6);

    public string ToString(int maxPerDim)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(shape.Length == 0 ? "" : string.Join("x", shape)).Append("], type = Float32, device = cpu");
        if (RequiresGrad) sb.Append(", requires_grad");
        if (GradFn is not null) sb.Append(", grad_fn = ").Append(GradFn.Name);
        if (IsDisposed) return sb.Append(", disposed").ToString();
        sb.Append('\n');
        if (shape.Length == 0) { sb.Append(' ').Append(Fmt(data[0])); return sb.ToString(); }
        AppendBlock(sb, 0, 0, maxPerDim, "");
        return sb.ToString().TrimEnd('\n');
    }

    static string Fmt(float v) => v.ToString("0.####", CultureInfo.InvariantCulture).PadLeft(8);

    void AppendBlock(StringBuilder sb, int dim, int offset, int maxPerDim, string prefix)
    {
        int n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.Length; d++) stride *= shape[d];
        var shown = Shown(n, maxPerDim);
        if (dim == shape.Length - 1)
        {
            foreach (int i in shown)
                sb.Append(i < 0 ? "     ..." : Fmt(data[offset + i]));
            sb.Append('\n');
            return;
        }
        foreach (int i in shown)
        {
            if (i < 0) { sb.Append(" ...\n"); continue; }
            if (dim < shape.Length - 2) sb.Append(prefix).Append('[').Append(i).Append(", ...]\n");
            AppendBlock(sb, dim + 1, offset + i * stride, maxPerDim, prefix + $"[{i}]");
        }
    }

    static IEnumerable<int> Shown(int n, int max)
    {
        if (n <= max) { for (int i = 0; i < n; i++) yield return i; yield break; }
        int h = max / 2;
        for (int i = 0; i < h; i++) yield return i;
        yield return -1;
        for (int i = n - h; i < n; i++) yield return i;
    }
}
