using Workbench.Cli.Runner;
using Workbench.Notebook;

namespace Workbench.Cli.Reports;

/// <summary>Keeps plotly.js (4.8 MB) out of executed notebooks and reports: one plotly.min.js is written next
/// to the reports, and a notebook's init cell output that inlines the bundle is rewritten to reference it.</summary>
public static class PlotlyAssets
{
    const string OmittedNote = "<!-- plotly.js omitted by the workbench runner: loaded from plotly.min.js next to this file -->";

    /// <summary>Writes plotly.min.js into the folder unless an identical copy is already there.</summary>
    public static void EnsureScript(string folder)
    {
        string path = Path.Combine(folder, ReportHtml.PlotlyFileName);
        if (File.Exists(path) && File.ReadAllText(path) == PlotlyJs.Source()) return;
        PlotlyJs.WriteTo(path);
    }

    /// <summary>Replaces an inlined plotly.js bundle in a text/html output with a script reference.</summary>
    public static IReadOnlyDictionary<string, string> ShrinkBundle(IReadOnlyDictionary<string, string> bundle)
    {
        if (!bundle.TryGetValue(StableIds.Html, out var html) || html.Length < 1_000_000) return bundle;
        string source = PlotlyJs.Source();
        if (!html.Contains(source, StringComparison.Ordinal)) return bundle;
        string reference = $"{OmittedNote}\n<script src=\"{ReportHtml.PlotlyFileName}\"></script>";
        string shrunk = html.Replace(PlotlyJs.ScriptTag(), reference).Replace(source, "");
        return new Dictionary<string, string>(bundle) { [StableIds.Html] = shrunk };
    }
}
