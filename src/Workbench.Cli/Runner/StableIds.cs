using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Workbench.Cli.Runner;

/// <summary>The library's HTML outputs (charts, tables) carry element ids "wb-plot-&lt;content hash&gt;-&lt;n&gt;"
/// whose n counts outputs per loaded copy of the library, so a notebook's ids could depend on what ran before it.
/// Renumbering n per notebook, in order of appearance, makes the executed notebook and its report the same
/// however it is run (one notebook or a folder); ids stay unique within the notebook.</summary>
internal static partial class StableIds
{
    public const string Html = "text/html";

    public static void Renumber(NotebookDocument doc)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in doc.Cells)
            foreach (var output in cell.Outputs.OfType<DisplayElement>())
            {
                if (!output.Data.TryGetValue(Html, out var value) || value is not string html) continue;
                string stable = ElementId().Replace(html, m => renamed.TryGetValue(m.Value, out var id)
                    ? id
                    : renamed[m.Value] = $"{m.Groups["stem"].Value}-{renamed.Count + 1}");
                if (stable != html) output.Data[Html] = stable;
            }
    }

    [GeneratedRegex(@"\b(?<stem>wb-[a-z]+-[0-9a-f]{10})-[0-9]+\b")]
    private static partial Regex ElementId();
}
