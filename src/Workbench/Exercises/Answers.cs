using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Workbench.Tensors;

namespace Workbench.Exercises;

/// <summary>A numeric answer flattened row-major, with its shape ([] for a scalar).</summary>
internal sealed record Numbers(int[] Shape, double[] Values);

/// <summary>What comparing an answer with the reference found.</summary>
internal sealed record Comparison(bool Ok, string Summary, IReadOnlyList<string> Details, double LargestError = 0);

/// <summary>
/// Compares a student's answer with the reference. Floating-point answers (double, float, their 1-D, 2-D and
/// jagged arrays, <see cref="Tensor"/>) are compared within a tolerance and the largest error is reported with
/// its index; tuples part by part; everything else (integers, strings, token lists) exactly.
/// </summary>
internal static class Answers
{
    public static Comparison Compare(object? answer, object? reference, double tolerance, IReadOnlyList<string>? parts = null)
    {
        if (reference is ITuple refTuple && refTuple.Length > 1)
        {
            if (answer is not ITuple ansTuple || ansTuple.Length != refTuple.Length)
                return Fail($"expected {refTuple.Length} results together (a tuple), got {Describe(answer)}.");
            double largest = 0;
            for (int i = 0; i < refTuple.Length; i++)
            {
                var part = Compare(ansTuple[i], refTuple[i], tolerance);
                string name = parts is not null && i < parts.Count ? $"part {i + 1} ({parts[i]})" : $"part {i + 1}";
                if (!part.Ok) return part with { Summary = $"{name}: {part.Summary}" };
                largest = Math.Max(largest, part.LargestError);
            }
            return new(true, $"all {refTuple.Length} parts match" + (largest > 0 ? $" (largest difference {Fmt(largest)}, tolerance {Fmt(tolerance)})." : "."), [], largest);
        }
        if (TryNumbers(reference, out var r))
        {
            if (answer is null) return Fail($"your answer is null; expected numbers of shape {ShapeText(r.Shape)}.");
            if (!TryNumbers(answer, out var a)) return Fail($"expected numbers of shape {ShapeText(r.Shape)}, got {Describe(answer)}.");
            return CompareNumbers(a, r, tolerance);
        }
        return CompareExactly(answer, reference);
    }

    static Comparison CompareNumbers(Numbers a, Numbers r, double tolerance)
    {
        if (!a.Shape.SequenceEqual(r.Shape))
        {
            var details = new List<string>();
            if (a.Shape.Length == 2 && r.Shape.Length == 2 && a.Shape[0] == r.Shape[1] && a.Shape[1] == r.Shape[0])
                details.Add("Hint: that is the reference's shape transposed; check which index is the row.");
            return new(false, $"your answer has shape {ShapeText(a.Shape)} but the reference has shape {ShapeText(r.Shape)}.", details);
        }
        if (r.Values.Length == 0) return new(true, "both are empty.", []);
        int worst = 0, off = 0;
        double worstExcess = double.NegativeInfinity, largest = 0;
        for (int i = 0; i < r.Values.Length; i++)
        {
            double ai = a.Values[i], ri = r.Values[i];
            if (double.IsNaN(ai) || double.IsInfinity(ai) != double.IsInfinity(ri))
                return new(false, $"your answer has {ai.ToString(CultureInfo.InvariantCulture)} at {IndexText(r.Shape, i)}; the reference there is {Fmt(ri)}.", []);
            double err = ai == ri ? 0 : Math.Abs(ai - ri);
            double excess = err - tolerance * (1 + Math.Abs(ri));
            if (excess > 0) off++;
            if (excess > worstExcess) { worstExcess = excess; worst = i; }
            largest = Math.Max(largest, err);
        }
        int n = r.Values.Length;
        string where = n == 1 ? "" : $" at {IndexText(r.Shape, worst)}";
        if (off == 0)
            return new(true, largest == 0 ? "exactly the reference." : $"largest difference {Fmt(largest)}{where} (tolerance {Fmt(tolerance)}).", [], largest);
        var hints = new List<string>();
        if (Enumerable.Range(0, n).All(i => Math.Abs(a.Values[i] + r.Values[i]) <= tolerance * (1 + Math.Abs(r.Values[i]))))
            hints.Add("Hint: every entry has the reference's value with the opposite sign; look for a flipped minus sign.");
        else if (r.Shape.Length == 2 && r.Shape[0] == r.Shape[1] && n > 1)
        {
            int m = r.Shape[0];
            if (Enumerable.Range(0, n).All(i => Math.Abs(a.Values[i] - r.Values[(i % m) * m + i / m]) <= tolerance * (1 + Math.Abs(r.Values[i]))))
                hints.Add("Hint: your matrix is the reference transposed; check the order of the indices.");
        }
        return new(false,
            $"largest difference {Fmt(Math.Abs(a.Values[worst] - r.Values[worst]))}{where}: yours {Fmt(a.Values[worst])}, reference {Fmt(r.Values[worst])}" +
            (n == 1 ? $" (tolerance {Fmt(tolerance)})." : $"; {off} of {n} entries are outside the tolerance {Fmt(tolerance)}."), hints, largest);
    }

    static Comparison CompareExactly(object? answer, object? reference)
    {
        if (Equals(answer, reference)) return new(true, $"{Show(reference)}, as expected.", []);
        if (answer is IEnumerable ae && reference is IEnumerable re && answer is not string && reference is not string)
        {
            var a = ae.Cast<object?>().ToList();
            var r = re.Cast<object?>().ToList();
            for (int i = 0; i < Math.Min(a.Count, r.Count); i++)
                if (!Equals(a[i], r[i]))
                    return Fail($"first difference at position {i}: yours {Show(a[i])}, reference {Show(r[i])}" + (a.Count != r.Count ? $"; lengths {a.Count} and {r.Count}." : "."));
            if (a.Count == r.Count) return new(true, $"all {r.Count} items as expected.", []);
            return Fail($"yours has {a.Count} items, the reference {r.Count}; the first {Math.Min(a.Count, r.Count)} agree.");
        }
        return Fail($"expected {Show(reference)}, got {Show(answer)}.");
    }

    static Comparison Fail(string summary) => new(false, summary, []);

    /// <summary>Floating-point values of any supported shape; false for integers, strings and everything else.</summary>
    public static bool TryNumbers(object? value, out Numbers numbers)
    {
        numbers = value switch
        {
            double d => new Numbers([], [d]),
            float f => new Numbers([], [f]),
            Tensor t => new Numbers(t.Shape, t.ToArray().Select(v => (double)v).ToArray()),
            double[] v => new Numbers([v.Length], (double[])v.Clone()),
            float[] v => new Numbers([v.Length], v.Select(x => (double)x).ToArray()),
            double[,] m => new Numbers([m.GetLength(0), m.GetLength(1)], m.Cast<double>().ToArray()),
            float[,] m => new Numbers([m.GetLength(0), m.GetLength(1)], m.Cast<float>().Select(x => (double)x).ToArray()),
            double[][] j when Rectangular(j.Select(r => r?.Length ?? -1)) => new Numbers([j.Length, j.Length == 0 ? 0 : j[0].Length], j.SelectMany(r => r).ToArray()),
            float[][] j when Rectangular(j.Select(r => r?.Length ?? -1)) => new Numbers([j.Length, j.Length == 0 ? 0 : j[0].Length], j.SelectMany(r => r).Select(x => (double)x).ToArray()),
            _ => null!,
        };
        return numbers is not null;
    }

    static bool Rectangular(IEnumerable<int> lengths)
    {
        var l = lengths.ToList();
        return l.All(n => n >= 0) && l.Distinct().Count() <= 1;
    }

    public static string ShapeText(int[] shape) => shape.Length == 0 ? "[] (a single number)" : "[" + string.Join(", ", shape) + "]";

    static string IndexText(int[] shape, int flat)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return "[" + string.Join(", ", idx) + "]";
    }

    /// <summary>A readable description of a value's type and size, for "expected …, got …".</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        Tensor t => $"a Tensor of shape {ShapeText(t.Shape)}",
        Array a => $"{a.GetType().GetElementType()!.Name}[{string.Join(", ", Enumerable.Range(0, a.Rank).Select(a.GetLength))}]",
        ITuple t => $"a tuple of {t.Length}",
        _ => $"{value.GetType().Name} {Show(value)}",
    };

    static string Show(object? v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => Fmt(d),
        float f => Fmt(f),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(8).Select(Show)) + (e.Cast<object?>().Count() > 8 ? ", …" : "") + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>Up to 4 significant digits; scientific for very small or large magnitudes.</summary>
    public static string Fmt(double v) =>
        v == 0 ? "0" : Math.Abs(v) < 1e-3 || Math.Abs(v) >= 1e5 ? v.ToString("0.0##E+0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
}
