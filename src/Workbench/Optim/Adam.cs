using Workbench.Tensors;

namespace Workbench.Optim;

/// <summary>Adam (Kingma and Ba), PyTorch's formulation:
/// m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← θ − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε).
/// Weight decay, if any, is added to the gradient (L2, as torch.optim.Adam; not AdamW).</summary>
public sealed class Adam : Optimizer
{
    readonly float beta1, beta2, eps, weightDecay;
    readonly float[][] m, v;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0f or >= 1f || beta2 is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam: betas ({beta1}, {beta2}) must be in [0, 1).");
        (this.beta1, this.beta2, this.eps, this.weightDecay) = (beta1, beta2, eps, weightDecay);
        m = Buffers();
        v = Buffers();
    }

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var mi = m[index]; var vi = v[index];
        double bc1 = 1 - Math.Pow(beta1, StepCount), bc2 = 1 - Math.Pow(beta2, StepCount);
        float stepSize = (float)(LearningRate / bc1), bc2Sqrt = (float)Math.Sqrt(bc2);
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + weightDecay * p[i];
            mi[i] = beta1 * mi[i] + (1f - beta1) * g;
            vi[i] = beta2 * vi[i] + (1f - beta2) * g * g;
            p[i] -= stepSize * mi[i] / (MathF.Sqrt(vi[i]) / bc2Sqrt + eps);
        }
    }

    public override Dictionary<string, float[]> GetState()
    {
        var s = base.GetState();
        SaveBuffers(s, "exp_avg", m);
        SaveBuffers(s, "exp_avg_sq", v);
        return s;
    }

    public override void SetState(IReadOnlyDictionary<string, float[]> state)
    {
        base.SetState(state);
        LoadBuffers(state, "exp_avg", m);
        LoadBuffers(state, "exp_avg_sq", v);
    }
}
