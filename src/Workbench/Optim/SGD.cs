using Workbench.Tensors;

namespace Workbench.Optim;

/// <summary>Stochastic gradient descent with optional momentum and weight decay, PyTorch's formulation:
/// g ← g + λθ; v ← μv + g (v = g on the first step); θ ← θ − lr·v (nesterov: θ ← θ − lr·(g + μv)).</summary>
public sealed class SGD : Optimizer
{
    readonly float momentum, weightDecay;
    readonly bool nesterov;
    readonly float[][] velocity;
    readonly bool[] started;

    public SGD(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (momentum < 0f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD: momentum must be >= 0.");
        if (nesterov && momentum == 0f) throw new ArgumentException("SGD: nesterov needs momentum > 0.");
        (this.momentum, this.weightDecay, this.nesterov) = (momentum, weightDecay, nesterov);
        velocity = Buffers();
        started = new bool[Params.Length];
    }

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var v = velocity[index];
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + weightDecay * p[i];
            if (momentum != 0f)
            {
                v[i] = started[index] ? momentum * v[i] + g : g;
                g = nesterov ? g + momentum * v[i] : v[i];
            }
            p[i] -= LearningRate * g;
        }
        started[index] = true;
    }

    public override Dictionary<string, float[]> GetState()
    {
        var s = base.GetState();
        SaveBuffers(s, "momentum_buffer", velocity);
        s["started"] = started.Select(b => b ? 1f : 0f).ToArray();
        return s;
    }

    public override void SetState(IReadOnlyDictionary<string, float[]> state)
    {
        base.SetState(state);
        LoadBuffers(state, "momentum_buffer", velocity);
        if (state.TryGetValue("started", out var st) && st.Length == started.Length)
            for (int i = 0; i < st.Length; i++) started[i] = st[i] != 0f;
    }
}
