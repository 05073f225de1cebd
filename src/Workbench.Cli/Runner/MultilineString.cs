using System.Text.Json.Nodes;

namespace Workbench.Cli.Runner;

/// <summary>nbformat's "multiline string": a string or a list of lines. Jupyter writes lists of lines that
/// keep their "\n", which diffs well; we read both forms and write the list form.</summary>
internal static class MultilineString
{
    public static string Read(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => throw new FormatException($"expected a string or a list of strings, got {node.GetValueKind()}"),
    };

    public static JsonArray Write(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }
}
