using System.Text;

namespace Workbench.Frames;

/// <summary>One CSV field: its text and whether it was quoted (a quoted "" is an empty string, a bare empty is null).</summary>
internal readonly record struct CsvField(string Text, bool Quoted);

/// <summary>One CSV record and the 1-based line it starts on (for error messages).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<CsvField> Fields);

/// <summary>
/// RFC 4180 reader: fields separated by <c>separator</c>, records by CRLF or LF, fields in double quotes may hold
/// separators, quotes (doubled) and line breaks. Errors name the source and line.
/// </summary>
internal static class CsvParser
{
    public static IEnumerable<CsvRecord> Parse(TextReader reader, char separator, string source)
    {
        var fields = new List<CsvField>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool quoted = false, inQuotes = false, afterQuote = false, any = false;

        void EndField()
        {
            fields.Add(new CsvField(field.ToString(), quoted));
            field.Clear();
            quoted = inQuotes = afterQuote = false;
        }

        int ch;
        while ((ch = reader.Read()) != -1)
        {
            char c = (char)ch;
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { inQuotes = false; afterQuote = true; }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == separator) { EndField(); continue; }
            if (c == '\r' && reader.Peek() == '\n') continue;
            if (c == '\n' || c == '\r')
            {
                EndField();
                yield return new CsvRecord(recordLine, fields.ToArray());
                fields.Clear();
                line++;
                recordLine = line;
                any = false;
                continue;
            }
            if (c == '"' && field.Length == 0 && !quoted) { quoted = inQuotes = true; continue; }
            if (afterQuote)
                throw new FormatException($"{source}, line {line}: unexpected character '{c}' after a closing quote (quotes inside a field must be doubled).");
            if (c == '"')
                throw new FormatException($"{source}, line {line}: a quote inside an unquoted field; quote the whole field and double the inner quote.");
            field.Append(c);
        }
        if (inQuotes) throw new FormatException($"{source}: the quoted field starting on line {recordLine} is never closed.");
        if (any)
        {
            EndField();
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }
}
