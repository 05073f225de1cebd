using System.Buffers;

namespace Workbench.Recurrent.Kernel;

/// <summary>The large scratch arrays of one pass (saved gates and states, time-major copies of the input), rented from
/// the shared pool so that training steps reuse the same arrays instead of allocating new ones each time, and all
/// returned together once the backward pass (or, without a graph, the forward pass) is done.</summary>
internal sealed class ScratchBuffers
{
    readonly List<float[]> rented = [];

    /// <summary>True once the arrays went back to the pool: the saved activations are gone.</summary>
    public bool Released { get; private set; }

    /// <summary>An array of at least <paramref name="length"/> floats; its contents are undefined.</summary>
    public float[] Rent(int length)
    {
        var a = ArrayPool<float>.Shared.Rent(length);
        lock (rented) rented.Add(a);
        return a;
    }

    public void Release()
    {
        Released = true;
        lock (rented)
        {
            foreach (var a in rented) ArrayPool<float>.Shared.Return(a);
            rented.Clear();
        }
    }
}
