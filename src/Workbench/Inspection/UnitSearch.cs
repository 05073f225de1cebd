using Workbench.Tensors;

namespace Workbench.Inspection;

/// <summary>
/// Finds hidden units that track a feature of the text instead of picking them by eye: every unit's activation
/// over a long stretch of text is correlated (Pearson r) with the feature, and units are ranked by |r|. The ranking
/// uses the first part of the text only; the rest (<c>holdOut</c>) is kept to confirm that a top unit's
/// correlation is real and not a pick among hundreds of chances.
/// </summary>
public static class UnitSearch
{
    /// <summary>Ranks the units of <paramref name="activations"/> [T, H] (row t: the hidden state after reading
    /// character t) by how strongly they correlate with <paramref name="feature"/> over the first
    /// 1 − <paramref name="holdOut"/> of the text.</summary>
    public static UnitRanking Rank(float[,] activations, TextFeature feature, double holdOut = 0.25)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(feature);
        int steps = activations.GetLength(0), units = activations.GetLength(1);
        if (steps != feature.Length)
            throw new ArgumentException($"UnitSearch: the activations have {steps} time steps but the feature \"{feature.Name}\" has {feature.Length} values; " +
                                        "give one activation row per character of the text.", nameof(activations));
        if (units == 0) throw new ArgumentException("UnitSearch: the activations have no units.", nameof(activations));
        if (!(holdOut >= 0 && holdOut < 1)) throw new ArgumentOutOfRangeException(nameof(holdOut), holdOut, "UnitSearch: the held-out share must be in [0, 1).");
        int search = (int)Math.Round(steps * (1 - holdOut));
        if (search < 3) throw new ArgumentException($"UnitSearch: {search} characters to search over; give a longer text.", nameof(activations));
        var f = feature.Values;
        if (Variance(f, 0, search) == 0)
            throw new ArgumentException($"UnitSearch: the feature \"{feature.Name}\" is constant over the searched text, so nothing can correlate with it; use a longer or more varied text.", nameof(feature));
        bool held = steps - search >= 3 && Variance(f, search, steps) > 0;

        var column = new double[steps];
        var scores = new List<UnitScore>(units);
        for (int u = 0; u < units; u++)
        {
            for (int t = 0; t < steps; t++) column[t] = activations[t, u];
            scores.Add(new UnitScore(u, Pearson(column, f, 0, search), held ? Pearson(column, f, search, steps) : double.NaN));
        }
        // Strongest first (either sign); ties by unit index so the order never depends on the sort.
        var ranked = scores.OrderByDescending(s => Math.Abs(s.Correlation)).ThenBy(s => s.Unit).ToList();
        return new UnitRanking(feature.Name, ranked, search, steps - search);
    }

    /// <summary>Ranks the units of a [T, H] or [1, T, H] tensor (a recurrent layer's output for one sequence).</summary>
    public static UnitRanking Rank(Tensor activations, TextFeature feature, double holdOut = 0.25) =>
        Rank(ToMatrix(activations), feature, holdOut);

    /// <summary>A [T, H] or [1, T, H] tensor as a [T, H] array.</summary>
    public static float[,] ToMatrix(Tensor activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var shape = activations.Shape;
        if (!(shape.Length == 2 || (shape.Length == 3 && shape[0] == 1)))
            throw new ArgumentException($"UnitSearch: activations must be [T, H] or [1, T, H], got [{string.Join(", ", shape)}].", nameof(activations));
        int t = shape[^2], h = shape[^1];
        var values = activations.ToArray();
        var m = new float[t, h];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < h; j++) m[i, j] = values[i * h + j];
        return m;
    }

    static double Variance(double[] x, int from, int to)
    {
        double mean = 0;
        for (int i = from; i < to; i++) mean += x[i];
        mean /= to - from;
        double v = 0;
        for (int i = from; i < to; i++) v += (x[i] - mean) * (x[i] - mean);
        return v;
    }

    /// <summary>Pearson r of x and y over [from, to); 0 when either is constant there (no linear relation to find).</summary>
    internal static double Pearson(double[] x, double[] y, int from, int to)
    {
        int n = to - from;
        double mx = 0, my = 0;
        for (int i = from; i < to; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = from; i < to; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
