using Workbench.Autograd;

namespace Workbench.Tensors;

public sealed partial class Tensor
{
    bool requiresGrad;
    float[]? pendingGrad;   // dL/d(this) collected during one Backward() pass

    /// <summary>Whether gradients flow to this tensor. Set it on leaves (parameters); op outputs get it
    /// from their inputs.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (!value && GradFn is not null)
                throw new InvalidOperationException($"requires_grad: cannot turn off gradients of a non-leaf tensor (produced by {GradFn.Name}); use Detach().");
            requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/>; null before.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The op that produced this tensor, or null for a leaf.</summary>
    public GradNode? GradFn { get; private set; }

    public bool IsLeaf => GradFn is null;

    /// <summary>Marks this tensor as a parameter that needs a gradient; returns it (torch's requires_grad_()).</summary>
    public Tensor RequiresGrad_(bool value = true) { RequiresGrad = value; return this; }

    /// <summary>Same values, no history: gradients stop here (truncated BPTT cuts the graph with this).
    /// Shares storage, as in PyTorch.</summary>
    public Tensor Detach() => new(data, shape);

    /// <summary>Builds an op's output. When grad mode is on and any input requires a gradient, the output
    /// records <paramref name="backward"/>. This is the one way ops (built-in or custom, such as the fused
    /// recurrent layers) join the graph.</summary>
    public static Tensor FromOp(float[] values, int[] shape, string name, Tensor[] inputs, Action<float[]> backward)
    {
        var t = new Tensor(values, shape);
        if (NoGrad.IsGradEnabled)
        {
            foreach (var i in inputs)
                if (i.requiresGrad) { t.requiresGrad = true; t.GradFn = new GradNode(name, inputs, backward); break; }
        }
        return t;
    }

    /// <summary>Adds <paramref name="grad"/> into this tensor's pending gradient; called by backward functions.
    /// Does nothing for tensors that do not require a gradient.</summary>
    public void AccumulateGrad(ReadOnlySpan<float> grad)
    {
        if (!requiresGrad) return;
        if (grad.Length != data.Length)
            throw new ArgumentException($"accumulate_grad: gradient has {grad.Length} elements, tensor {ShapeUtil.Format(shape)} has {data.Length}.");
        if (pendingGrad is null)
        {
            pendingGrad = BufferPool.Rent(grad.Length, clear: false);
            grad.CopyTo(pendingGrad);
        }
        else System.Numerics.Tensors.TensorPrimitives.Add(pendingGrad, grad, pendingGrad);
    }

    /// <summary>As <see cref="AccumulateGrad(ReadOnlySpan{float})"/>, but hands over an array the caller made (fresh
    /// or rented) for this input alone: the first gradient to arrive becomes the pending gradient without a copy, a
    /// later one is added in and recycled. The caller must not touch <paramref name="grad"/> afterwards.</summary>
    internal void AccumulateGradOwned(float[] grad)
    {
        if (!Adopt(grad)) BufferPool.Return(grad);
    }

    /// <summary>For a node whose input's gradient equals its own incoming gradient (a reshape): that array becomes the
    /// input's pending gradient when it has none yet (the engine then leaves it alone), otherwise it is added in and
    /// the engine recycles it as usual. The array stays the engine's either way.</summary>
    internal void PassGradThrough(float[] g) => Adopt(g);

    /// <summary>Makes <paramref name="grad"/> the pending gradient (true) or adds it into the existing one (false).</summary>
    bool Adopt(float[] grad)
    {
        if (!requiresGrad) return false;
        if (grad.Length != data.Length)
            throw new ArgumentException($"accumulate_grad: gradient has {grad.Length} elements, tensor {ShapeUtil.Format(shape)} has {data.Length}.");
        if (pendingGrad is null) { pendingGrad = grad; return true; }
        if (ReferenceEquals(pendingGrad, grad)) throw new InvalidOperationException("accumulate_grad: the same gradient array was handed over twice.");
        System.Numerics.Tensors.TensorPrimitives.Add(pendingGrad, grad, pendingGrad);
        return false;
    }

    /// <summary>Back-propagates from this tensor. A scalar needs no <paramref name="gradient"/> (dL/dL = 1);
    /// otherwise pass dL/d(this). Leaves accumulate into <see cref="Grad"/>, as in PyTorch; call ZeroGrad on
    /// the optimizer (or set Grad = null) between steps.</summary>
    public void Backward(Tensor? gradient = null)
    {
        if (!requiresGrad)
            throw new InvalidOperationException("backward: this tensor does not require a gradient (no parameter it depends on has RequiresGrad, or it was made under NoGrad).");
        if (gradient is null && data.Length != 1)
            throw new InvalidOperationException($"backward: a gradient can be implied only for a scalar output; this one has shape {ShapeUtil.Format(shape)}.");
        if (gradient is not null && !ShapeUtil.SameShape(gradient.shape, shape))
            throw new ArgumentException($"backward: gradient shape {ShapeUtil.Format(gradient.shape)} does not match output shape {ShapeUtil.Format(shape)}.");

        var order = TopologicalOrder();
        pendingGrad = gradient is null ? [1f] : (float[])gradient.data.Clone();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            var g = t.pendingGrad;
            if (g is null) continue;
            t.pendingGrad = null;
            if (t.GradFn is { } fn)
            {
                fn.Backward(g);
                if (!PassedOn(g, fn.InputArray)) BufferPool.Return(g);
            }
            else if (t.requiresGrad)
            {
                if (t.Grad is null) t.Grad = new Tensor(g, (int[])t.shape.Clone(), register: false);   // owned by the parameter, never by a scope
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(t.Grad.data, g, t.Grad.data);
                    BufferPool.Return(g);
                }
            }
        }
    }

    /// <summary>Whether a node handed its incoming gradient array on to one of its inputs (a pass-through such
    /// as a reshape), in which case the array lives on and must not be recycled.</summary>
    static bool PassedOn(float[] g, Tensor[] inputs)
    {
        foreach (var i in inputs) if (ReferenceEquals(i.pendingGrad, g)) return true;
        return false;
    }

    /// <summary>Tensors reachable from this one through GradFn, each after all of its inputs.</summary>
    List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor t, int next)>();
        stack.Push((this, 0));
        seen.Add(this);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.InputArray;
            if (inputs is not null && next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var c = inputs[next];
                if (c.requiresGrad && seen.Add(c)) stack.Push((c, 0));
            }
            else order.Add(t);
        }
        return order;
    }
}
