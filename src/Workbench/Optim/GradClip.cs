using Workbench.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Workbench.Optim;

/// <summary>Gradient clipping, the standard cure for exploding gradients in recurrent networks.</summary>
public static class GradClip
{
    /// <summary>Rescales all gradients together so their global L2 norm is at most <paramref name="maxNorm"/>
    /// (torch.nn.utils.clip_grad_norm_); returns the norm before clipping. A non-finite norm throws.</summary>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "clip_grad_norm: max_norm must be positive.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToArray();
        double sq = 0;
        foreach (var g in grads) { float n = TensorPrimitives.Norm(g.Values); sq += (double)n * n; }
        float total = (float)Math.Sqrt(sq);
        if (!float.IsFinite(total))
            throw new ArithmeticException($"clip_grad_norm: the gradient norm is {total}; training has diverged (NaN or Inf in a gradient).");
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f)
            foreach (var g in grads) TensorPrimitives.Multiply(g.AsSpan(), coef, g.AsSpan());
        return total;
    }

    /// <summary>Clamps every gradient element into [-clipValue, clipValue] (torch.nn.utils.clip_grad_value_).</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        if (!(clipValue > 0f)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clip_grad_value: clip value must be positive.");
        foreach (var g in parameters.Select(p => p.Grad).OfType<Tensor>())
            TensorPrimitives.Clamp(g.AsSpan(), -clipValue, clipValue, g.AsSpan());
    }
}
