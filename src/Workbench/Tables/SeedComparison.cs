using System.Globalization;

namespace Workbench.Tables;

/// <summary>
/// The finding lines of a multi-seed experiment: "mean ± std" summaries and a paired per-seed comparison of two
/// settings, stated as yes / no / mixed from the numbers (including ties), so a notebook never asserts a
/// difference its runs did not show.
/// </summary>
public static class SeedComparison
{
    /// <summary>Mean and sample standard deviation (n − 1, like pandas; 0 for a single value), for charts with error
    /// bars and tables.</summary>
    public static (double Mean, double Std) Stats(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("mean ± std: no values.", nameof(values));
        double mean = values.Average();
        return (mean, values.Count < 2 ? 0 : Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)));
    }

    /// <summary>"m ± s" with the sample standard deviation (n − 1, like pandas); just "m" for a single value.</summary>
    public static string MeanStd(IReadOnlyList<double> values, string format = "F3")
    {
        var (mean, std) = Stats(values);
        string m = mean.ToString(format, CultureInfo.InvariantCulture);
        return values.Count < 2 ? m : $"{m} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Compares <paramref name="a"/> with <paramref name="b"/> seed by seed (same index = same seed):
    /// "{claim}: yes|no|mixed, better on k of n seeds[, t tied] (a vs b)". "yes" needs a better on every seed,
    /// "no" means a better on none; <paramref name="higherIsBetter"/> false for losses. Values equal after rounding
    /// to <paramref name="format"/> count as ties.
    /// </summary>
    public static string Finding(string claim, IReadOnlyList<double> a, IReadOnlyList<double> b, bool higherIsBetter = true, string format = "F3")
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"finding '{claim}': {a.Count} values against {b.Count}; pair them by seed.");
        if (a.Count == 0) throw new ArgumentException($"finding '{claim}': no values.", nameof(a));
        double Round(double x) => double.Parse(x.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int better = 0, ties = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double x = Round(a[i]), y = Round(b[i]);
            if (x == y) ties++;
            else if (higherIsBetter ? x > y : x < y) better++;
        }
        string verdict = better == a.Count ? "yes" : better == 0 ? "no" : "mixed";
        string tied = ties > 0 ? $", {ties} tied" : "";
        return $"{claim}: {verdict}, better on {better} of {a.Count} seeds{tied} ({MeanStd(a, format)} vs {MeanStd(b, format)})";
    }
}
