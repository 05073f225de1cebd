using System.Globalization;
using System.Numerics;
using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>One field of a column and the line it came from.</summary>
internal readonly record struct CsvCell(CsvField Field, int Line)
{
    public bool Missing => !Field.Quoted && Field.Text.Length == 0;
}

/// <summary>Where a column sits, for error messages: file, column name and 1-based position.</summary>
internal sealed record CsvPlace(string Source, string Column, int Index)
{
    public string At(int line) => $"{Source}, line {line}, column '{Column}' (column {Index})";
}

/// <summary>Typing, parsing and writing of CSV values for <see cref="Csv"/>.</summary>
internal static class CsvValues
{
    static readonly Type[] Readable = [typeof(int), typeof(long), typeof(float), typeof(double), typeof(bool), typeof(string)];
    const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    const NumberStyles Real = NumberStyles.Float;
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Type CheckReadable(Type type, CsvPlace place) =>
        Readable.Contains(type) ? type
            : throw new ArgumentException($"{place.Source}: column '{place.Column}' cannot be read as {type.Name}; use int, long, float, double, bool or string.");

    public static void CheckWritable(DataFrameColumn column)
    {
        if (!Readable.Contains(column.DataType))
            throw new ArgumentException($"Column '{column.Name}' holds {column.DataType.Name}; CSV keeps int, long, float, double, bool and string columns exactly. Convert it first.");
    }

    /// <summary>
    /// Strict (our own files): quoted = text, unquoted = number/bool; a column holding both is an error.
    /// Lenient (other files): the narrowest of int, long, double, bool that every value parses as, else string.
    /// </summary>
    public static Type InferType(IReadOnlyList<CsvCell> cells, bool strict, CsvPlace place)
    {
        var present = cells.Where(c => !c.Missing).ToArray();
        if (present.Length == 0) return typeof(string);
        if (strict)
        {
            var quoted = present.FirstOrDefault(c => c.Field.Quoted);
            var bare = present.FirstOrDefault(c => !c.Field.Quoted);
            if (quoted != default && bare != default)
                throw new FormatException($"{place.At(bare.Line)}: '{bare.Field.Text}' is not quoted, so it should be a number, but the column holds text (quoted on line {quoted.Line}). Quote it or fix the number.");
            if (quoted != default) return typeof(string);
            if (present.All(c => IsBool(c.Field.Text))) return typeof(bool);
            foreach (var c in present)
                if (!double.TryParse(c.Field.Text, Real, Inv, out _))
                    throw new FormatException($"{place.At(c.Line)}: '{c.Field.Text}' is not a number (text must be quoted).");
            return IntegerType(present);
        }
        if (present.All(c => IsBool(c.Field.Text))) return typeof(bool);
        if (present.All(c => double.TryParse(c.Field.Text, Real, Inv, out _))) return IntegerType(present);
        return typeof(string);
    }

    static bool IsBool(string s) => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>int when every value is an integer that fits, long when one needs it, else double.</summary>
    static Type IntegerType(IReadOnlyList<CsvCell> present)
    {
        if (!present.All(c => long.TryParse(c.Field.Text, Integer, Inv, out _))) return typeof(double);
        return present.All(c => int.TryParse(c.Field.Text, Integer, Inv, out _)) ? typeof(int) : typeof(long);
    }

    public static DataFrameColumn Column(string name, Type type, IReadOnlyList<CsvCell> cells, CsvPlace place)
    {
        if (type == typeof(string)) return new StringDataFrameColumn(name, cells.Select(c => c.Missing ? null : c.Field.Text));
        if (type == typeof(int)) return new Int32DataFrameColumn(name, cells.Select(c => Parse<int>(c, place, Integer)));
        if (type == typeof(long)) return new Int64DataFrameColumn(name, cells.Select(c => Parse<long>(c, place, Integer)));
        if (type == typeof(float)) return new SingleDataFrameColumn(name, cells.Select(c => Parse<float>(c, place, Real)));
        if (type == typeof(double)) return new DoubleDataFrameColumn(name, cells.Select(c => Parse<double>(c, place, Real)));
        return new BooleanDataFrameColumn(name, cells.Select(c => ParseBool(c, place)));
    }

    static T? Parse<T>(CsvCell c, CsvPlace place, NumberStyles style) where T : struct, INumber<T>
    {
        if (c.Missing) return null;
        if (!c.Field.Quoted && T.TryParse(c.Field.Text, style, Inv, out var v)) return v;
        var what = typeof(T) == typeof(int) ? "an int" : typeof(T) == typeof(long) ? "a long" : $"a {typeof(T).Name.ToLowerInvariant()}";
        throw new FormatException($"{place.At(c.Line)}: '{c.Field.Text}'{(c.Field.Quoted ? " (quoted)" : "")} is not {what}.");
    }

    static bool? ParseBool(CsvCell c, CsvPlace place)
    {
        if (c.Missing) return null;
        if (!c.Field.Quoted && bool.TryParse(c.Field.Text, out var b)) return b;
        throw new FormatException($"{place.At(c.Line)}: '{c.Field.Text}' is not true or false.");
    }

    /// <summary>A value as a field: strings always quoted, numbers in shortest round-trip form, null empty.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => Quote(s),
        double d => AsDouble(d.ToString("R", Inv)),
        float f => AsDouble(f.ToString("R", Inv)),
        bool b => b ? "true" : "false",
        IFormattable n => n.ToString(null, Inv),
        _ => throw new ArgumentException($"Cannot write a {value.GetType().Name} to CSV."),
    };

    /// <summary>3 → 3.0, so a whole double does not read back as an int; 1E-07, NaN and Infinity already read as doubles.</summary>
    static string AsDouble(string text) => text.AsSpan().IndexOfAny(".EN") >= 0 || text.Contains("Infinity") ? text : text + ".0";

    public static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
}
