using Workbench.IO;
using System.Globalization;
using System.Text;
using Workbench.Notebook;
using Workbench.Frames;

namespace Workbench.Tables;

public sealed partial class ResultTable
{
    /// <summary>
    /// Reads a CSV file (RFC 4180; see <see cref="LoadCsvFromString"/> for typing rules).
    /// </summary>
    public static ResultTable LoadCsv(string path, char separator = ',', bool header = true,
                                      IReadOnlyDictionary<string, Type>? columnTypes = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Load(reader, separator, header, columnTypes, path);
    }

    /// <summary>
    /// Parses CSV text. Column types are inferred from all values unless given in <paramref name="columnTypes"/>:
    /// bool (true/false), else long, else double (NaN/Infinity allowed), else string. An empty unquoted field is
    /// missing (null); a quoted "" is an empty string. Without a header, columns are named Column0, Column1, ...
    /// </summary>
    public static ResultTable LoadCsvFromString(string csv, char separator = ',', bool header = true,
                                                IReadOnlyDictionary<string, Type>? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return Load(new StringReader(csv), separator, header, columnTypes, "CSV text");
    }

    static ResultTable Load(TextReader reader, char separator, bool header, IReadOnlyDictionary<string, Type>? columnTypes, string source)
    {
        if (separator is '"' or '\r' or '\n') throw new ArgumentException($"'{separator}' cannot be a CSV separator.", nameof(separator));
        var records = CsvParser.Parse(reader, separator, source).ToList();
        if (records.Count == 0) throw new FormatException($"{source} is empty: no header and no rows.");

        string[] names = header
            ? records[0].Fields.Select(f => f.Text).ToArray()
            : Enumerable.Range(0, records[0].Fields.Count).Select(i => $"Column{i}").ToArray();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"{source}: the header names column '{duplicate.Key}' more than once.");
        if (names.Any(string.IsNullOrWhiteSpace)) throw new FormatException($"{source}: the header has an empty column name.");
        if (columnTypes is not null)
            foreach (var name in columnTypes.Keys)
                if (!names.Contains(name)) throw new ArgumentException($"columnTypes names '{name}', which is not a column of {source}. Columns: {string.Join(", ", names)}.", nameof(columnTypes));

        var rows = header ? records.Skip(1).ToList() : records;
        foreach (var r in rows)
            if (r.Fields.Count != names.Length)
                throw new FormatException($"{source}, line {r.Line}: expected {names.Length} fields but found {r.Fields.Count}.");

        var table = new ResultTable();
        for (int c = 0; c < names.Length; c++)
        {
            var cells = rows.Select(r => r.Fields[c]).ToArray();
            Type type = columnTypes is not null && columnTypes.TryGetValue(names[c], out var t)
                ? TableColumn.StorageType(t) ?? throw new ArgumentException($"Column '{names[c]}': type {t.Name} is not supported; use double, long, string or bool.", nameof(columnTypes))
                : CsvCells.InferType(cells);
            table.AddColumn(TableColumn.FromObjects(names[c], type,
                cells.Select((f, i) => CsvCells.Parse(f, type, names[c], source, rows[i].Line))));
        }
        return table;
    }

    /// <summary>The table as CSV text (header line, LF line ends, RFC 4180 quoting, doubles in round-trip form).</summary>
    public string ToCsv(char separator = ',')
    {
        var sb = new StringBuilder();
        sb.AppendJoin(separator, columns.Select(c => CsvCells.Quote(c.Name, separator))).Append('\n');
        for (int r = 0; r < RowCount; r++)
            sb.AppendJoin(separator, columns.Select(c => CsvCells.Format(c[r], separator))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public void SaveCsv(string path, char separator = ',') => AtomicFile.WriteAllText(path, ToCsv(separator));
}

internal static class CsvCells
{
    public static Type InferType(IReadOnlyList<CsvField> cells)
    {
        var present = cells.Where(f => f.Quoted || f.Text.Length > 0).Select(f => f.Text).ToArray();
        if (present.Length == 0) return typeof(string);
        if (present.All(s => bool.TryParse(s, out _))) return typeof(bool);
        if (present.All(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))) return typeof(long);
        if (present.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return typeof(double);
        return typeof(string);
    }

    public static object? Parse(CsvField f, Type type, string column, string source, int line)
    {
        if (!f.Quoted && f.Text.Length == 0) return null;
        if (type == typeof(string)) return f.Text;
        bool ok; object value;
        if (type == typeof(bool)) { ok = bool.TryParse(f.Text, out var b); value = b; }
        else if (type == typeof(long)) { ok = long.TryParse(f.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l); value = l; }
        else { ok = double.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d); value = d; }
        return ok ? value : throw new FormatException($"{source}, line {line}: column '{column}' holds {type.Name} but the value is '{f.Text}'.");
    }

    public static string Format(object? v, char separator) => v switch
    {
        null => "",
        string s => Quote(s, separator, quoteEmpty: true),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };

    public static string Quote(string s, char separator, bool quoteEmpty = false) =>
        (quoteEmpty && s.Length == 0) || s.IndexOfAny([separator, '"', '\r', '\n']) >= 0 || s != s.Trim()
            ? "\"" + s.Replace("\"", "\"\"") + "\""
            : s;
}
