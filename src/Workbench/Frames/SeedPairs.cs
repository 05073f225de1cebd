using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>
/// Two conditions of a long-format results frame (one row per condition and seed) compared seed by seed: the values
/// of each, paired through the seed column, and the <see cref="SeedStats.Finding"/> line they support. Pairing by the
/// seed's value (not by row order) keeps a comparison honest when rows were appended in another order or a run is
/// missing: a seed that only one condition has is an error that names it.
/// </summary>
public static class SeedPairs
{
    /// <summary>The <paramref name="value"/> of every row whose <paramref name="condition"/> is <paramref name="level"/>,
    /// ordered by the <paramref name="seed"/> column. Each seed may appear once.</summary>
    /// <example><c>runs.BySeed("exact match", "attention", "Additive")</c></example>
    public static double[] BySeed(this DataFrame results, string value, string condition, string level, string seed = "seed") =>
        Rows(results, value, condition, level, seed).Select(r => r.Value).ToArray();

    /// <summary>The values of <paramref name="a"/> and <paramref name="b"/> paired by seed (the same seeds, in seed order).</summary>
    public static (double[] A, double[] B) Paired(this DataFrame results, string value, string condition, string a, string b, string seed = "seed")
    {
        var (ra, rb) = (Rows(results, value, condition, a, seed), Rows(results, value, condition, b, seed));
        var (sa, sb) = (ra.Select(r => r.Seed).ToArray(), rb.Select(r => r.Seed).ToArray());
        if (!sa.SequenceEqual(sb))
            throw new ArgumentException($"'{condition}' = '{a}' has seeds [{string.Join(", ", sa)}] but '{b}' has [{string.Join(", ", sb)}]; a paired comparison needs the same seeds.");
        return (ra.Select(r => r.Value).ToArray(), rb.Select(r => r.Value).ToArray());
    }

    /// <summary>
    /// "{claim}: yes|no|mixed, better on k of n seeds (a vs b)" for <paramref name="a"/> against <paramref name="b"/> on
    /// <paramref name="value"/>, paired by seed (see <see cref="SeedStats.Finding"/>).
    /// </summary>
    /// <example><c>runs.Finding("reversal raises token accuracy", "token accuracy", "order", "reversed", "normal")</c></example>
    public static string Finding(this DataFrame results, string claim, string value, string condition, string a, string b,
                                 bool higherIsBetter = true, string format = "F3", string seed = "seed")
    {
        var (va, vb) = Paired(results, value, condition, a, b, seed);
        return SeedStats.Finding(claim, va, vb, higherIsBetter, format);
    }

    static List<(string Seed, double Value)> Rows(DataFrame results, string value, string condition, string level, string seed)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(level);
        var (values, conditions, seeds) = (FrameColumns.Find(results, value), FrameColumns.Find(results, condition), FrameColumns.Find(results, seed));
        if (!FrameColumns.IsNumeric(values.DataType))
            throw new ArgumentException($"Column '{value}' holds {values.DataType.Name}, not numbers.", nameof(value));
        var rows = new List<(string Seed, double Value, object Key)>();
        for (long r = 0; r < results.Rows.Count; r++)
        {
            if (!string.Equals(Text(conditions[r]), level, StringComparison.Ordinal)) continue;
            var key = seeds[r] ?? throw new ArgumentException($"Row {r} ('{condition}' = '{level}') has no seed.");
            var v = values[r] is { } x ? Convert.ToDouble(x, CultureInfo.InvariantCulture) : double.NaN;
            rows.Add((Text(key), v, key));
        }
        if (rows.Count == 0)
            throw new ArgumentException($"No row has '{condition}' = '{level}'. Its values: {string.Join(", ", Distinct(conditions).Select(c => $"'{c}'"))}.", nameof(level));
        var repeated = rows.GroupBy(r => r.Seed).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"'{condition}' = '{level}' has {repeated.Count()} rows for seed {repeated.Key}; pass one row per seed (average repeats first).");
        return rows.OrderBy(r => r.Key, SeedOrder.Instance).Select(r => (r.Seed, r.Value)).ToList();
    }

    static IEnumerable<string> Distinct(DataFrameColumn column)
    {
        var seen = new List<string>();
        for (long r = 0; r < column.Length; r++)
            if (!seen.Contains(Text(column[r]))) seen.Add(Text(column[r]));
        return seen;
    }

    static string Text(object? v) => v is null ? "(none)" : Convert.ToString(v, CultureInfo.InvariantCulture)!;

    /// <summary>Numeric seeds by value (so 9 comes before 10), anything else by its invariant text.</summary>
    sealed class SeedOrder : IComparer<object>
    {
        public static readonly SeedOrder Instance = new();

        public int Compare(object? x, object? y) =>
            x is not null && y is not null && FrameColumns.IsNumeric(x.GetType()) && FrameColumns.IsNumeric(y.GetType())
                ? Convert.ToDecimal(x, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(y, CultureInfo.InvariantCulture))
                : string.CompareOrdinal(Text(x), Text(y));
    }
}
