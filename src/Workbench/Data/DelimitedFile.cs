using System.Text;

namespace Workbench.Data;

/// <summary>One record of a delimited file: its fields and the line it starts on.</summary>
public readonly record struct DelimitedRecord(string[] Fields, long Line);

/// <summary>
/// Reads TSV (split at tabs) or CSV (RFC 4180: fields separated by commas; a field wrapped in double quotes may
/// hold commas, line breaks and "" for a quote) from a <see cref="TextFile"/>, record by record. Blank lines between
/// records are skipped. A quote where RFC 4180 allows none, text after a closing quote, or a quoted field never
/// closed is an error naming the file and line.
/// </summary>
public static class DelimitedFile
{
    public static IEnumerable<DelimitedRecord> Read(string path, PairsFormat format)
    {
        bool csv = Resolve(path, format) == PairsFormat.Csv;
        var lines = TextFile.ReadLines(path).GetEnumerator();
        using var _ = lines;
        while (lines.MoveNext())
        {
            var first = lines.Current;
            if (string.IsNullOrWhiteSpace(first.Text)) continue;
            yield return csv ? ReadCsv(path, first, lines) : new DelimitedRecord(first.Text.Split('\t'), first.Number);
        }
    }

    public static PairsFormat Resolve(string path, PairsFormat format) => format != PairsFormat.Auto ? format
        : Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? PairsFormat.Csv : PairsFormat.Tsv;

    /// <summary>One CSV record starting at <paramref name="first"/>, taking further lines while a quoted field is open
    /// (its line breaks become "\n").</summary>
    static DelimitedRecord ReadCsv(string path, TextLine first, IEnumerator<TextLine> lines)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        string text = first.Text;
        long lineNo = first.Number;
        int i = 0;
        bool quoted = false, closed = false;
        InvalidDataException Bad(string why) => new($"{path}:{lineNo}: {why} (field {fields.Count + 1}; CSV quoting per RFC 4180: wrap the field in double quotes and write a quote inside it as \"\").");
        while (true)
        {
            if (i == text.Length)
            {
                if (!quoted) { fields.Add(field.ToString()); return new DelimitedRecord([.. fields], first.Number); }
                if (!lines.MoveNext())
                    throw new InvalidDataException($"{path}:{first.Number}: a quoted field opened on this line is never closed (field {fields.Count + 1}).");
                (text, lineNo, i) = (lines.Current.Text, lines.Current.Number, 0);
                field.Append('\n');
                continue;
            }
            char c = text[i++];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i < text.Length && text[i] == '"') { field.Append('"'); i++; }
                else (quoted, closed) = (false, true);
            }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); closed = false; }
            else if (closed) throw Bad($"'{c}' after the closing quote of a field");
            else if (c == '"')
            {
                if (field.Length > 0) throw Bad("a quote inside a field that does not start with one");
                quoted = true;
            }
            else field.Append(c);
        }
    }
}
