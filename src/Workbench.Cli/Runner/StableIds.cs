using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbench.Cli.Runner;

/// <summary>The library's HTML outputs (charts, tables) carry element ids "wb-plot-&lt;content hash&gt;-&lt;n&gt;"
/// whose n counts outputs per process, so a notebook's ids would depend on what ran before it in the same
/// process (the whole folder or one notebook). Renumbering n per notebook, in order of appearance, makes the
/// executed notebook and its report the same either way; ids stay unique within the notebook.</summary>
internal static partial class StableIds
{
    public static void Renumber(NotebookDocument doc)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in doc.Cells)
            foreach (var output in cell.Outputs)
            {
                if (output?["data"] is not JsonObject data || data[DisplayFormatter.Html] is not { } node) continue;
                string html = MultilineString.Read(node);
                string stable = ElementId().Replace(html, m => renamed.TryGetValue(m.Value, out var id)
                    ? id
                    : renamed[m.Value] = $"{m.Groups["stem"].Value}-{renamed.Count + 1}");
                if (stable != html) data[DisplayFormatter.Html] = MultilineString.Write(stable);
            }
    }

    [GeneratedRegex(@"\b(?<stem>wb-[a-z]+-[0-9a-f]{10})-[0-9]+\b")]
    private static partial Regex ElementId();
}
