using System.Text;
using Microsoft.Data.Analysis;
using Workbench.IO;

namespace Workbench.Frames;

/// <summary>
/// CSV for result tables that reads back exactly what was written: column types, values and missing values.
/// DataFrame.SaveCsv/LoadCsv lose this (numbers come back as float unless every type is given, 142.1 is written
/// as 142.09999999999999, a missing string and an empty one look alike), and their errors do not say where.
/// <para>The convention is Python's csv.QUOTE_NONNUMERIC: <see cref="Save"/> quotes every string, the header
/// included, and no number, so the quotes carry the type. Doubles are written in shortest round-trip form and
/// always look like doubles (3 is written 3.0), so an int column and a double column stay apart. A missing value
/// is an empty unquoted field; an empty string is "".</para>
/// <para><see cref="Load"/> reads a file with a quoted header strictly: a quoted field is text, an unquoted one is
/// a number, true/false or missing, and anything else is an error naming the file, line and column. Integer
/// columns load as int (long when a value does not fit), decimal ones as double. Files without a quoted header
/// (pandas, spreadsheets) are read leniently: a column is int, long, double or bool when all its values parse so,
/// else string. Pass <c>columnTypes</c> to fix a column's type either way (int, long, float, double, bool, string).</para>
/// </summary>
public static class Csv
{
    /// <summary>Reads a CSV file into a DataFrame (see the class summary for the typing rules).</summary>
    public static DataFrame Load(string path, IReadOnlyDictionary<string, Type>? columnTypes = null, char separator = ',')
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path, columnTypes, separator);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static DataFrame LoadFromString(string csv, IReadOnlyDictionary<string, Type>? columnTypes = null, char separator = ',',
                                           string source = "CSV text")
    {
        ArgumentNullException.ThrowIfNull(csv);
        return Read(new StringReader(csv), source, columnTypes, separator);
    }

    /// <summary>The DataFrame as CSV text: header line, LF line ends, strings quoted, numbers bare.</summary>
    public static string ToCsv(DataFrame frame, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(frame);
        CheckSeparator(separator);
        var columns = frame.Columns.ToArray();
        foreach (var c in columns) CsvValues.CheckWritable(c);
        var sb = new StringBuilder();
        sb.AppendJoin(separator, columns.Select(c => CsvValues.Quote(c.Name))).Append('\n');
        for (long r = 0; r < frame.Rows.Count; r++)
            sb.AppendJoin(separator, columns.Select(c => CsvValues.Format(c[r]))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically (temp file + rename), so a failed
    /// write never leaves half a file.</summary>
    public static void Save(DataFrame frame, string path, char separator = ',') => AtomicFile.WriteAllText(path, ToCsv(frame, separator));

    static DataFrame Read(TextReader reader, string source, IReadOnlyDictionary<string, Type>? columnTypes, char separator)
    {
        CheckSeparator(separator);
        var records = CsvParser.Parse(reader, separator, source).ToList();
        if (records.Count == 0) throw new FormatException($"{source} is empty: no header and no rows.");
        var header = records[0];
        var names = header.Fields.Select(f => f.Text).ToArray();
        for (int c = 0; c < names.Length; c++)
        {
            if (string.IsNullOrWhiteSpace(names[c])) throw new FormatException($"{source}, line {header.Line}, column {c + 1}: the header has an empty column name.");
            int first = Array.IndexOf(names, names[c]);
            if (first < c) throw new FormatException($"{source}, line {header.Line}: column '{names[c]}' is named twice (columns {first + 1} and {c + 1}).");
        }
        if (columnTypes is not null)
            foreach (var name in columnTypes.Keys)
                if (!names.Contains(name))
                    throw new ArgumentException($"{source}, line {header.Line}: there is no column '{name}' to give a type to; the columns are {string.Join(", ", names.Select(n => $"'{n}'"))}.", nameof(columnTypes));

        var rows = records.Skip(1).ToList();
        foreach (var r in rows)
            if (r.Fields.Count != names.Length)
            {
                string where = r.Fields.Count > names.Length
                    ? $"field {names.Length + 1} has no column"
                    : $"column '{names[r.Fields.Count]}' (column {r.Fields.Count + 1}) is missing";
                throw new FormatException($"{source}, line {r.Line}: expected {names.Length} fields but found {r.Fields.Count}: {where}.");
            }

        bool strict = header.Fields.All(f => f.Quoted);
        var frame = new DataFrame();
        for (int c = 0; c < names.Length; c++)
        {
            var cells = rows.Select(r => new CsvCell(r.Fields[c], r.Line)).ToArray();
            var place = new CsvPlace(source, names[c], c + 1);
            var type = columnTypes is not null && columnTypes.TryGetValue(names[c], out var given)
                ? CsvValues.CheckReadable(given, place)
                : CsvValues.InferType(cells, strict, place);
            frame.Columns.Add(CsvValues.Column(names[c], type, cells, place));
        }
        return frame;
    }

    static void CheckSeparator(char separator)
    {
        if (separator is '"' or '\r' or '\n' or '.' or '-' or '+')
            throw new ArgumentException($"'{separator}' cannot be a CSV separator.", nameof(separator));
    }
}
