using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>
/// Results over several seeds: mean ± sample standard deviation per condition (what DataFrame.GroupBy lacks), the
/// "m ± s" text of a finding line, and a paired per-seed comparison of two settings stated as yes / no / mixed
/// from the numbers (ties included), so a notebook never asserts a difference its runs did not show.
/// The standard deviation is the sample one (divides by n − 1, like pandas); with one seed it is undefined (NaN).
/// </summary>
public static class SeedStats
{
    /// <summary>Mean and sample standard deviation of <paramref name="values"/> (Std is NaN for a single value).</summary>
    public static (double Mean, double Std) Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("mean ± std: no values.", nameof(values));
        double mean = values.Average();
        return (mean, values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)));
    }

    /// <summary>"m ± s" (just "m" for a single value), numbers in <paramref name="format"/>.</summary>
    public static string Text(IReadOnlyCollection<double> values, string format = "F3")
    {
        var (mean, std) = Of(values);
        string m = mean.ToString(format, CultureInfo.InvariantCulture);
        return values.Count < 2 ? m : $"{m} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// One row per condition (the distinct values of the <paramref name="by"/> columns, in order of first
    /// appearance; null is a condition too): the condition columns with their types, "n" (rows in the group), and
    /// "{value} mean" and "{value} std" for each value column. Missing values (null, NaN) are skipped, as in pandas.
    /// </summary>
    /// <example><c>results.MeanStd(["cell"], "validation perplexity")</c> over one row per (cell, seed).</example>
    public static DataFrame MeanStd(this DataFrame results, IReadOnlyList<string> by, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(by);
        if (by.Count == 0) throw new ArgumentException("MeanStd needs at least one column to group by.", nameof(by));
        if (values.Length == 0) throw new ArgumentException("MeanStd needs at least one value column.", nameof(values));
        var keys = by.Select(n => FrameColumns.Find(results, n)).ToArray();
        var valueColumns = values.Select(n => FrameColumns.Find(results, n)).ToArray();
        foreach (var v in valueColumns)
            if (!FrameColumns.IsNumeric(v.DataType))
                throw new ArgumentException($"MeanStd: column '{v.Name}' holds {v.DataType.Name}, not numbers.", nameof(values));

        var groups = FrameColumns.Groups(results, keys);
        var first = new Int64DataFrameColumn("row", groups.Select(g => (long?)g[0]));
        var summary = new DataFrame(keys.Select(k => k.Clone(first)));
        summary.Columns.Add(new Int32DataFrameColumn("n", groups.Select(g => (int?)g.Count)));
        foreach (var v in valueColumns)
        {
            var stats = groups.Select(g => Present(v, g)).Select(xs => xs.Length == 0 ? (double.NaN, double.NaN) : Of(xs)).ToArray();
            summary.Columns.Add(new DoubleDataFrameColumn($"{v.Name} mean", stats.Select(s => (double?)s.Item1)));
            summary.Columns.Add(new DoubleDataFrameColumn($"{v.Name} std", stats.Select(s => (double?)s.Item2)));
        }
        return summary;
    }

    /// <summary><see cref="MeanStd(DataFrame, IReadOnlyList{string}, string[])"/> grouped by one column.</summary>
    public static DataFrame MeanStd(this DataFrame results, string by, params string[] values) => MeanStd(results, [by], values);

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
        return $"{claim}: {verdict}, better on {better} of {a.Count} seeds{tied} ({Text(a, format)} vs {Text(b, format)})";
    }

    static double[] Present(DataFrameColumn column, IEnumerable<long> rows) =>
        rows.Select(r => column[r]).Where(v => v is not null).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))
            .Where(x => !double.IsNaN(x)).ToArray();
}
