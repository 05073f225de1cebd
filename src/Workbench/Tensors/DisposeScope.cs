namespace Workbench.Tensors;

/// <summary>
/// Releases the tensors made while it is open, when it is disposed (TorchSharp's <c>torch.NewDisposeScope()</c>):
/// their storage goes back to a pool that the next step's tensors of the same sizes reuse, instead of being left
/// to the garbage collector. A training step makes megabytes of activations and gradients that die when the step
/// ends; recycling them keeps the step off .NET's large-object heap and its full collections.
/// <code>
/// using (Tensor.NewDisposeScope())
/// {
///     var loss = Functional.CrossEntropy(model.Forward(x), y);
///     loss.Backward();
///     optimizer.Step();
/// }   // every tensor made above is disposed here; the parameters and their gradients are not
/// </code>
/// A disposed tensor throws <see cref="ObjectDisposedException"/> when read. Keep a tensor beyond the scope with
/// <see cref="Tensor.MoveToOuterDisposeScope"/> (or <see cref="MoveToOuter"/>). Parameters (leaves that require
/// gradients) and their <see cref="Tensor.Grad"/> are never disposed by a scope, even when made inside one.
/// Scopes nest, per thread; a tensor belongs to the innermost scope open on the thread that made it.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;

    readonly DisposeScope? outer;
    readonly List<Tensor> tensors = [];
    readonly List<float[]> lent = [];
    bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>How many tensors this scope will dispose (those moved out not counted).</summary>
    public int Count => tensors.Count;

    internal void Register(Tensor t) => tensors.Add(t);

    /// <summary>An array of <paramref name="length"/> floats that goes back to the pool when this scope ends.</summary>
    internal float[] Lend(int length, bool clear)
    {
        var a = BufferPool.Rent(length, clear);
        if (length >= BufferPool.MinLength) lent.Add(a);
        return a;
    }

    /// <summary>Storage for a new tensor: lent by the innermost open scope, or an ordinary array when none is open.</summary>
    internal static float[] Allocate(int length, bool clear) =>
        current is { } s ? s.Lend(length, clear) : BufferPool.Allocate(length, clear);

    /// <summary>Hands the tensors to the enclosing scope (or to no scope: the garbage collector), so they and their
    /// storage outlive this one. Returns the first, for chaining.</summary>
    public Tensor MoveToOuter(params Tensor[] keep)
    {
        foreach (var t in keep) Move(t);
        return keep.Length > 0 ? keep[0] : throw new ArgumentException("dispose scope: MoveToOuter needs at least one tensor.");
    }

    internal void Move(Tensor t)
    {
        if (disposed) throw new ObjectDisposedException(nameof(DisposeScope), "dispose scope: already disposed; move tensors out before it ends.");
        if (!tensors.Remove(t)) return;   // not ours (made outside, or already moved)
        outer?.tensors.Add(t);
        var storage = t.StorageOrNull;
        if (storage is null) return;
        int i = lent.FindIndex(a => ReferenceEquals(a, storage));
        if (i < 0) return;
        lent.RemoveAt(i);
        outer?.lent.Add(storage);
    }

    public void Dispose()
    {
        if (disposed) return;
        if (!ReferenceEquals(current, this))
            throw new InvalidOperationException("dispose scope: scopes must be disposed innermost first (use 'using').");
        disposed = true;
        current = outer;
        // Storage that a surviving tensor still uses (a parameter made inside the scope) stays out of the pool.
        // (A moved-out tensor took its storage along, views included, so nothing else can hold a lent array.)
        HashSet<float[]>? keep = null;
        foreach (var t in tensors)
        {
            if (t.IsLeaf && t.RequiresGrad) { if (t.StorageOrNull is { } a) (keep ??= new(ReferenceEqualityComparer.Instance)).Add(a); }
            else t.ReleaseStorage();
        }
        foreach (var a in lent)
            if (keep is null || !keep.Contains(a)) BufferPool.Return(a);
        tensors.Clear();
        lent.Clear();
    }
}
