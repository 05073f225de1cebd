namespace Workbench.Tensors;

/// <summary>
/// Recycles large float arrays of known lifetime. Every training step sends gradients of the same sizes back through
/// the graph, and (inside a <see cref="DisposeScope"/>) makes activations of the same sizes; each dies at a known
/// point. Allocating them fresh puts megabytes a step on .NET's large-object heap, whose collections are full
/// (gen 2) collections and whose fresh pages fault in on first touch: at small hidden sizes that cost more than
/// the arithmetic. Two users: the backward pass hands a node's incoming gradient back here once the node has run
/// (unless the node passed that very array on to an input, or it became a leaf's <see cref="Tensor.Grad"/>), and a
/// dispose scope hands back the storage it lent to the tensors made inside it.
/// Arrays are kept by exact length (tensor storage must be exactly Numel long), a few per length, and only above
/// the size where the ordinary allocator is cheap.
/// </summary>
internal static class BufferPool
{
    /// <summary>Smaller arrays come from the ordinary allocator (cheap, short-lived gen-0 objects).</summary>
    internal const int MinLength = 4096;
    const int PerLength = 16;
    const long MaxRetainedFloats = 64L << 20;   // 256 MB

    static readonly Dictionary<int, Stack<float[]>> free = [];
    static long retained;

    /// <summary>An array of exactly <paramref name="length"/> floats; zeroed only when <paramref name="clear"/>
    /// (callers that overwrite every element pass false).</summary>
    public static float[] Rent(int length, bool clear)
    {
        if (length >= MinLength)
            lock (free)
                if (free.TryGetValue(length, out var stack) && stack.Count > 0)
                {
                    retained -= length;
                    var a = stack.Pop();
                    if (clear) Array.Clear(a);
                    return a;
                }
        return Allocate(length, clear);
    }

    /// <summary>A fresh array from the garbage-collected heap, zeroed only when <paramref name="clear"/>.</summary>
    public static float[] Allocate(int length, bool clear) =>
        clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);

    /// <summary>Gives an array back; the caller must hold no reference to it afterwards.</summary>
    public static void Return(float[] array)
    {
        int n = array.Length;
        if (n < MinLength) return;
        lock (free)
        {
            if (retained + n > MaxRetainedFloats) return;
            if (!free.TryGetValue(n, out var stack)) free[n] = stack = new Stack<float[]>();
            // Two owners of one array would silently share it after the next two rents: make that bug loud.
            foreach (var held in stack)
                if (ReferenceEquals(held, array)) throw new InvalidOperationException("buffer pool: an array was returned twice.");
            if (stack.Count >= PerLength) return;
            stack.Push(array);
            retained += n;
        }
    }
}
