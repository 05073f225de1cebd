using Workbench.Tensors;

namespace Workbench.Autograd;

/// <summary>
/// How an op's output sends its gradient back to its inputs. <see cref="Backward"/> receives dL/d(output)
/// (same shape as the output, row-major) and must call <see cref="Tensor.AccumulateGrad"/> on each input
/// that requires a gradient.
/// </summary>
public sealed class GradNode(string name, Tensor[] inputs, Action<float[]> backward)
{
    /// <summary>The op's name, as in PyTorch's grad_fn (e.g. "MmBackward").</summary>
    public string Name { get; } = name;
    public IReadOnlyList<Tensor> Inputs => inputs;
    internal Tensor[] InputArray => inputs;
    internal Action<float[]> Backward => backward;
}

/// <summary>
/// Disables graph recording on this thread while alive (torch.no_grad()): ops return plain tensors, which
/// saves the memory and time inference does not need.
/// <code>using (new NoGrad()) { var logits = model.Forward(x); }</code>
/// </summary>
public sealed class NoGrad : IDisposable
{
    [ThreadStatic] static int depth;
    bool disposed;

    public NoGrad() => depth++;

    /// <summary>True when ops record the graph on this thread.</summary>
    public static bool IsGradEnabled => depth == 0;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        depth--;
    }
}
