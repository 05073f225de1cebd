using Workbench.IO;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Workbench.Cli.Runner;

namespace Workbench.Cli.Reports;

/// <summary>Renders an executed notebook as one standalone HTML page: markdown (safely, math drawn by KaTeX, see
/// <see cref="MarkdownHtml"/>), code, and each output in its richest format (HTML, SVG, PNG, markdown, then text);
/// text from streams, errors and plain-text outputs is escaped. Charts draw with the plotly.min.js that
/// sits next to the report; where it is missing (a fresh clone: it is not committed) the chart's static PNG
/// file shows instead. PNGs are referenced as files (<see cref="FigureFiles"/>), never inlined.</summary>
public static class ReportWriter
{
    // Richest first, like Jupyter's display priority.
    static readonly string[] preference =
        ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "application/json", "text/plain"];

    /// <param name="figures">The outputs' image files (from <see cref="FigureFiles.Collect"/>); an image/png
    /// output without one is inlined as a data URL.</param>
    public static string Render(NotebookRunResult result, IReadOnlyList<FigureFile>? figures = null)
    {
        var images = (figures ?? []).ToDictionary(f => (f.CellIndex, f.OutputIndex));
        var doc = result.Notebook;
        var body = new StringBuilder();
        body.Append($"<header><p class=\"label\">{ReportHtml.Escape(Path.GetFileName(doc.Path))}</p>");
        body.Append(result.Succeeded
            ? $"<p class=\"ok\">All {result.CellsRun} code cells ran without errors.</p>"
            : $"<p class=\"failed\">{result.Failures.Count} cell(s) failed: " +
              string.Join("; ", result.Failures.Select(f => ReportHtml.Escape(f.Error.Traceback[0]))) + "</p>");
        body.Append("</header>\n<main>\n");

        var cells = doc.Cells;
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            body.Append($"<section class=\"cell\" id=\"{ReportHtml.Escape(cell.Id ?? $"cell-{i + 1}")}\">\n");
            if (cell.IsMarkdown) body.Append(MarkdownHtml.ToHtml(cell.Source));
            else if (cell.IsCode)
            {
                string label = cell.HasTag(ParameterInjector.InjectedTag) ? "injected parameters"
                    : cell.HasTag(ParameterInjector.ParametersTag) ? "parameters" : $"cell {i + 1}";
                body.Append($"<div class=\"label\">[{cell.ExecutionCount?.ToString() ?? " "}] {label}</div>\n");
                body.Append($"<pre class=\"code\"><code class=\"language-csharp\">{ReportHtml.Escape(cell.Source)}</code></pre>\n");
                var outputs = cell.Outputs;
                for (int o = 0; o < outputs.Count; o++)
                    body.Append(RenderOutput(outputs[o], images.GetValueOrDefault((i, o))));
            }
            body.Append("</section>\n");
        }
        body.Append("</main>");
        return ReportHtml.Page(doc.Title, result.Succeeded ? "ok" : "failed", body.ToString(), report: true);
    }

    /// <summary>Writes the report atomically.</summary>
    public static void Write(NotebookRunResult result, string path, IReadOnlyList<FigureFile>? figures = null) =>
        AtomicFile.WriteAllText(path, Render(result, figures));

    static string RenderOutput(InteractiveDocumentOutputElement output, FigureFile? image)
    {
        switch (output)
        {
            case TextElement stream:
                return $"<pre class=\"stream {ReportHtml.Escape(stream.Name)}\">{ReportHtml.Escape(stream.Text)}</pre>\n";
            case ErrorElement error:
                return $"<pre class=\"error\">{ReportHtml.Escape(string.Join("\n", error.StackTrace))}</pre>\n";
            case DisplayElement or ReturnValueElement:
                var data = output is DisplayElement d ? d.Data : ((ReturnValueElement)output).Data;
                string? mime = preference.FirstOrDefault(data.ContainsKey);
                if (mime is null) return "";
                string text = MultilineString.Read(data[mime]);
                string inner = mime switch
                {
                    // A chart: its static image, hidden by CSS once plotly.js has loaded (see ReportHtml).
                    "text/html" when image is not null => $"{StaticImage(image)}\n{text}",
                    "text/html" => text,
                    "image/svg+xml" => text,
                    "image/png" when image is not null => StaticImage(image),
                    "image/png" or "image/jpeg" => $"<img src=\"data:{mime};base64,{text.Replace("\n", "")}\" alt=\"output\">",
                    "text/markdown" => MarkdownHtml.ToHtml(text),
                    _ => $"<pre class=\"stream\">{ReportHtml.Escape(text)}</pre>",
                };
                bool chart = image is not null && mime == "text/html";
                return $"<div class=\"output{(chart ? " wb-chart" : "")}\">{inner}</div>\n";
            default:
                return "";
        }
    }

    /// <summary>The PNG file as an &lt;img&gt; with its pixel size, so the page does not jump while it loads.</summary>
    static string StaticImage(FigureFile image)
    {
        string src = string.Join('/', image.RelativePath.Split('/').Select(Uri.EscapeDataString));
        var (width, height) = image.Size;
        return $"<img class=\"wb-static\" src=\"{ReportHtml.Escape(src)}\" width=\"{width}\" height=\"{height}\" alt=\"chart (static image)\">";
    }
}
