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

    /// <summary>The identity matrix (torch.nn.init.eye_) in a 2-D tensor: ones on the diagonal, zeros elsewhere.</summary>
    public static Tensor Eye(Tensor t)
    {
        if (t.Rank != 2) throw new ArgumentException($"eye: needs a 2-D tensor, got {ShapeUtil.Format(t.ShapeSpan)}.");
        var s = t.AsSpan();
        s.Clear();
        int cols = t.Size(1);
        for (int i = 0; i < Math.Min(t.Size(0), cols); i++) s[i * cols + i] = 1f;
        return t;
    }

    /// <summary>
    /// A (semi-)orthogonal matrix times <paramref name="gain"/> (torch.nn.init.orthogonal_): a [rows, cols] tensor
    /// whose rows are orthonormal when rows ≤ cols (W Wᵀ = I), else whose columns are (Wᵀ W = I). Drawn as the Q of
    /// a QR factorisation of a standard normal matrix, with Q's signs fixed by R's diagonal so the draw is uniform
    /// over orthogonal matrices (here by Gram–Schmidt in double precision, which gives R a positive diagonal).
    /// Every singular value is 1, so W neither shrinks nor stretches any direction.
    /// </summary>
    public static Tensor Orthogonal(Tensor t, float gain = 1f, Generator? generator = null)
    {
        if (t.Rank != 2) throw new ArgumentException($"orthogonal: needs a 2-D tensor, got {ShapeUtil.Format(t.ShapeSpan)}.");
        var g = generator ?? Generator.Default;
        int rows = t.Size(0), cols = t.Size(1);
        bool wide = rows <= cols;
        int n = wide ? rows : cols, m = wide ? cols : rows;   // n orthonormal vectors of length m
        var v = new double[n][];
        for (int i = 0; i < n; i++)
        {
            v[i] = new double[m];
            for (int j = 0; j < m; j++) v[i][j] = g.NextNormal();
        }
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < i; k++)          // modified Gram–Schmidt: remove what earlier vectors already span
            {
                double dot = 0;
                for (int j = 0; j < m; j++) dot += v[i][j] * v[k][j];
                for (int j = 0; j < m; j++) v[i][j] -= dot * v[k][j];
            }
            double norm = Math.Sqrt(v[i].Sum(x => x * x));
            for (int j = 0; j < m; j++) v[i][j] /= norm;
        }
        var s = t.AsSpan();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                s[wide ? i * cols + j : j * cols + i] = (float)(gain * v[i][j]);
        return t;
    }
}
