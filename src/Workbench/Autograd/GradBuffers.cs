namespace Workbench.Autograd;

/// <summary>
/// Recycles the gradient arrays of the backward pass. Every training step sends gradients of the same sizes
/// back through the graph; each dies as soon as the node that receives it has run. Allocating them fresh
/// puts megabytes a step on .NET's large-object heap, whose collections are full (gen 2) collections, and
/// that cost more than the arithmetic at small hidden sizes. The engine hands a node's incoming gradient back
/// here after the node has run, unless the node passed that very array on to an input (ownership moves with
/// it) or it became a leaf's <see cref="Tensors.Tensor.Grad"/>.
/// Arrays are kept by exact length (tensor storage must be exactly Numel long), a few per length, and only
/// above the size where the ordinary allocator is cheap.
/// </summary>
internal static class GradBuffers
{
    /// <summary>Smaller arrays come from the ordinary allocator (cheap, short-lived gen-0 objects).</summary>
    const int MinLength = 4096;
    const int PerLength = 8;
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
        return clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Gives an array back; the caller must hold no reference to it afterwards.</summary>
    public static void Return(float[] array)
    {
        int n = array.Length;
        if (n < MinLength) return;
        lock (free)
        {
            if (retained + n > MaxRetainedFloats) return;
            if (!free.TryGetValue(n, out var stack)) free[n] = stack = new Stack<float[]>();
            if (stack.Count >= PerLength) return;
            stack.Push(array);
            retained += n;
        }
    }
}
