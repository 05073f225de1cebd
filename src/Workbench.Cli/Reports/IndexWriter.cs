using Workbench.IO;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Cli.Runner;

namespace Workbench.Cli.Reports;

/// <summary>Writes index.html linking every report in the output folder (not only this run's), read back
/// from the reports' own title and status, so running one notebook keeps the others listed.</summary>
public static partial class IndexWriter
{
    public const string FileName = "index.html";

    public sealed record Entry(string ReportFile, string Title, string Status);

    public static IReadOnlyList<Entry> Scan(string folder) =>
        Directory.EnumerateFiles(folder, "*.html")
            .Where(f => Path.GetFileName(f) != FileName)
            .Order(StringComparer.Ordinal)
            .Select(f => (File: f, Head: ReadHead(f)))
            .Where(x => x.Head.Contains($"<meta name=\"generator\" content=\"{ReportHtml.Generator}\">"))
            .Select(x => new Entry(Path.GetFileName(x.File),
                System.Net.WebUtility.HtmlDecode(TitleTag().Match(x.Head).Groups[1].Value),
                StatusTag().Match(x.Head).Groups[1].Value))
            .ToArray();

    public static void Write(string folder)
    {
        var entries = Scan(folder);
        var body = new StringBuilder("<h1>Notebook reports</h1>\n<ul>\n");
        foreach (var e in entries)
        {
            // No link to the executed .ipynb: it is not committed, so a committed index would point nowhere.
            body.Append($"<li><a href=\"{ReportHtml.Escape(e.ReportFile)}\">{ReportHtml.Escape(e.Title)}</a> " +
                        $"<span class=\"{(e.Status == "ok" ? "ok" : "failed")}\">{ReportHtml.Escape(e.Status)}</span></li>\n");
        }
        body.Append("</ul>");
        int failed = entries.Count(e => e.Status != "ok");
        AtomicFile.WriteAllText(Path.Combine(folder, FileName),
            ReportHtml.Page("Notebook reports", failed == 0 ? "ok" : "failed", body.ToString(), report: false));
    }

    static string ReadHead(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[4096];
        int n = reader.ReadBlock(buffer);
        return new string(buffer, 0, n);
    }

    [GeneratedRegex("<title>(.*?)</title>")]
    private static partial Regex TitleTag();

    [GeneratedRegex("<meta name=\"workbench-status\" content=\"(\\w+)\">")]
    private static partial Regex StatusTag();
}
