using Workbench.Tensors;

namespace Workbench.Optim;

/// <summary>Base of the optimizers (torch.optim.Optimizer): a parameter list, a learning rate that
/// schedulers change, ZeroGrad and Step, and a state that checkpoints save so training resumes exactly.</summary>
public abstract class Optimizer
{
    protected readonly Tensor[] Params;

    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        Params = parameters.ToArray();
        if (Params.Length == 0) throw new ArgumentException($"{GetType().Name}: got an empty parameter list.");
        if (!(learningRate > 0f)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{GetType().Name}: learning rate must be positive.");
        for (int i = 0; i < Params.Length; i++)
            if (!Params[i].RequiresGrad) throw new ArgumentException($"{GetType().Name}: parameter {i} ({ShapeUtil.Format(Params[i].ShapeSpan)}) does not require a gradient.");
        LearningRate = InitialLearningRate = learningRate;
    }

    public float LearningRate { get; set; }
    public float InitialLearningRate { get; }
    public IReadOnlyList<Tensor> Parameters => Params;

    /// <summary>Number of Step() calls so far.</summary>
    public long StepCount { get; protected set; }

    public void ZeroGrad()
    {
        foreach (var p in Params) p.Grad = null;
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Params.Length; i++)
        {
            var g = Params[i].Grad;
            if (g is null) continue;
            Update(i, Params[i].AsSpan(), g.Values);
        }
    }

    protected abstract void Update(int index, Span<float> param, ReadOnlySpan<float> grad);

    /// <summary>The storage of parameter <paramref name="index"/> and of its gradient, for vectorised updates that
    /// cannot take spans into parallel loops.</summary>
    private protected float[] ParameterArray(int index) => Params[index].data;
    private protected float[] GradientArray(int index) => Params[index].Grad!.data;

    /// <summary>Per-parameter buffers (momentum, moments) by name, plus the step count; for checkpoints.</summary>
    public virtual Dictionary<string, float[]> GetState() => new() { ["step"] = [StepCount, LearningRate] };

    public virtual void SetState(IReadOnlyDictionary<string, float[]> state)
    {
        if (!state.TryGetValue("step", out var s) || s.Length != 2)
            throw new ArgumentException($"{GetType().Name}: optimizer state has no valid 'step' entry.");
        StepCount = (long)s[0];
        LearningRate = s[1];
    }

    /// <summary>Lazily created zero buffers, one per parameter.</summary>
    protected float[][] Buffers() => Params.Select(p => new float[p.Numel]).ToArray();

    protected static void LoadBuffers(IReadOnlyDictionary<string, float[]> state, string name, float[][] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            string key = $"{name}.{i}";
            if (!state.TryGetValue(key, out var v) || v.Length != into[i].Length)
                throw new ArgumentException($"optimizer state: '{key}' is missing or has {v?.Length ?? 0} values instead of {into[i].Length}.");
            v.CopyTo(into[i], 0);
        }
    }

    protected static void SaveBuffers(Dictionary<string, float[]> state, string name, float[][] from)
    {
        for (int i = 0; i < from.Length; i++) state[$"{name}.{i}"] = (float[])from[i].Clone();
    }
}
