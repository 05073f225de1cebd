using System.Numerics;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

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
        var pa = ParameterArray(index);
        var ga = GradientArray(index);
        // Vectors of the same float operations in the same order as one element at a time (no fused multiply-add),
        // so every element gets the same bits whatever the vector width or thread count.
        ParallelRanges.For(p.Length, 8, (i0, i1) =>
        {
            int W = Vector<float>.Count, i = i0;
            var b1 = new Vector<float>(beta1); var b2 = new Vector<float>(beta2);
            var c1 = new Vector<float>(1f - beta1); var c2 = new Vector<float>(1f - beta2);
            var wd = new Vector<float>(weightDecay); var lr = new Vector<float>(stepSize);
            var bs = new Vector<float>(bc2Sqrt); var ep = new Vector<float>(eps);
            for (; i + W <= i1; i += W)
            {
                var pv = new Vector<float>(pa, i);
                var g = new Vector<float>(ga, i) + wd * pv;
                var mv = b1 * new Vector<float>(mi, i) + c1 * g;
                var vv = b2 * new Vector<float>(vi, i) + c2 * g * g;
                mv.CopyTo(mi, i);
                vv.CopyTo(vi, i);
                (pv - lr * mv / (Vector.SquareRoot(vv) / bs + ep)).CopyTo(pa, i);
            }
            for (; i < i1; i++)
            {
                float g = ga[i] + weightDecay * pa[i];
                mi[i] = beta1 * mi[i] + (1f - beta1) * g;
                vi[i] = beta2 * vi[i] + (1f - beta2) * g * g;
                pa[i] -= stepSize * mi[i] / (MathF.Sqrt(vi[i]) / bc2Sqrt + eps);
            }
        });
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
