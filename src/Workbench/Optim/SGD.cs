using Workbench.Tensors;

namespace Workbench.Optim;

/// <summary>Stochastic gradient descent with optional momentum and weight decay, PyTorch's formulation:
/// g ← g + λθ; v ← μv + g (v = g on the first step); θ ← θ − lr·v (nesterov: θ ← θ − lr·(g + μv)).
/// v starts at zero, so the first step's μ·0 + g is PyTorch's v = g without a separate first-step case, and the
/// momentum buffers alone are the state a checkpoint needs.</summary>
public sealed class SGD : Optimizer
{
    readonly float momentum, weightDecay;
    readonly bool nesterov;
    readonly float[][] velocity;

    public SGD(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (momentum < 0f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD: momentum must be >= 0.");
        if (nesterov && momentum == 0f) throw new ArgumentException("SGD: nesterov needs momentum > 0.");
        (this.momentum, this.weightDecay, this.nesterov) = (momentum, weightDecay, nesterov);
        velocity = Buffers();
    }

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var v = velocity[index];
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + weightDecay * p[i];
            if (momentum != 0f)
            {
                v[i] = momentum * v[i] + g;
                g = nesterov ? g + momentum * v[i] : v[i];
            }
            p[i] -= LearningRate * g;
        }
    }

    public override Dictionary<string, float[]> GetState()
    {
        var s = base.GetState();
        SaveBuffers(s, "momentum_buffer", velocity);
        return s;
    }

    public override void SetState(IReadOnlyDictionary<string, float[]> state)
    {
        base.SetState(state);
        LoadBuffers(state, "momentum_buffer", velocity);   // a "started" entry from older checkpoints is not needed
    }
}
