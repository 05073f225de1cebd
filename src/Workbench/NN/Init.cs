using Workbench.Tensors;

namespace Workbench.NN;

/// <summary>In-place parameter initialisers (torch.nn.init), drawing from a seeded generator.</summary>
public static class Init
{
    public static Tensor Uniform(Tensor t, float low, float high, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = low + (high - low) * g.NextFloat();
        return t;
    }

    public static Tensor Normal(Tensor t, float mean = 0f, float std = 1f, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(mean + std * g.NextNormal());
        return t;
    }

    /// <summary>Glorot/Xavier uniform for a [fan_out, fan_in] weight.</summary>
    public static Tensor XavierUniform(Tensor t, Generator? generator = null)
    {
        if (t.Rank < 2) throw new ArgumentException($"xavier_uniform: needs at least 2 dimensions, got {ShapeUtil.Format(t.ShapeSpan)}.");
        int fanOut = t.Size(0), fanIn = t.Numel / fanOut;
        float bound = MathF.Sqrt(6f / (fanIn + fanOut));
        return Uniform(t, -bound, bound, generator);
    }

    public static Tensor Zeros(Tensor t) { t.AsSpan().Clear(); return t; }
}
