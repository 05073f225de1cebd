using System.Globalization;

namespace Workbench.Tables;

/// <summary>Reductions over one column's values. Missing values (null, NaN) are skipped, as in pandas.</summary>
public enum Aggregation { Count, Sum, Mean, Std, Min, Max }

internal static class Aggregations
{
    /// <summary>The result column type of <paramref name="kind"/> over a column of <paramref name="source"/>.</summary>
    public static Type ResultType(Aggregation kind, Type source) => kind switch
    {
        Aggregation.Count => typeof(long),
        Aggregation.Mean or Aggregation.Std => typeof(double),
        _ => source, // Sum/Min/Max keep long as long
    };

    public static object? Apply(Aggregation kind, TableColumn column, IReadOnlyList<int> rows)
    {
        var present = rows.Select(r => column[r]).Where(v => v is not null && !(v is double d && double.IsNaN(d))).ToArray();
        if (kind == Aggregation.Count) return (long)present.Length;
        if (!column.IsNumeric)
            throw new InvalidOperationException($"Cannot take {kind} of column '{column.Name}': it holds {column.DataType.Name}, not numbers.");
        if (column.DataType == typeof(long) && kind is Aggregation.Sum or Aggregation.Min or Aggregation.Max)
        {
            var longs = present.Cast<long>().ToArray();
            return kind switch
            {
                Aggregation.Sum => longs.Sum(),
                _ when longs.Length == 0 => null,
                Aggregation.Min => longs.Min(),
                _ => (object)longs.Max(),
            };
        }
        var xs = present.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
        return kind switch
        {
            Aggregation.Sum => xs.Sum(),
            _ when xs.Length == 0 => double.NaN,
            Aggregation.Mean => xs.Average(),
            Aggregation.Std => SampleStd(xs),
            Aggregation.Min => xs.Min(),
            _ => xs.Max(),
        };
    }

    /// <summary>Sample standard deviation (divides by n - 1, like pandas); NaN for fewer than 2 values.</summary>
    static double SampleStd(double[] xs)
    {
        if (xs.Length < 2) return double.NaN;
        var mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
    }
}
