using System.Net;

namespace Workbench.Cli.Reports;

/// <summary>The page frame shared by reports and the index: one stylesheet; in a report, plotly.js and KaTeX loaded
/// from the one copy next to the reports (never embedded per report), KaTeX drawing the markdown's math at the end. When plotly.js loaded, the head marks the page
/// "wb-interactive" before the body is parsed, so charts draw and their static images stay hidden (no flash);
/// when it did not (plotly.min.js is not committed), the static images show and the empty plot divs do not.</summary>
internal static class ReportHtml
{
    public const string Generator = "workbench";
    public const string PlotlyFileName = "plotly.min.js";
    public const string InteractiveClass = "wb-interactive";

    const string MarkInteractive =
        $"<script>if (window.Plotly) document.documentElement.classList.add(\"{InteractiveClass}\");</script>\n";

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Page(string title, string status, string body, bool report) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="generator" content="{Generator}">
        <meta name="workbench-status" content="{status}">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(title)}</title>
        {(report ? $"<script src=\"{PlotlyFileName}\"></script>\n{MarkInteractive}{KatexAssets.HeadTags}" : "")}<style>
        body {"{"} font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; line-height: 1.5; {"}"}
        pre {"{"} overflow-x: auto; padding: .6rem .8rem; border-radius: 4px; margin: .3rem 0; {"}"}
        .cell {"{"} margin: 1.2rem 0; {"}"}
        .label {"{"} font: 12px monospace; color: #888; {"}"}
        pre.code {"{"} background: #f5f5f7; border-left: 3px solid #0a84ff; {"}"}
        pre.stream {"{"} background: #fff; border-left: 3px solid #ccc; {"}"}
        pre.stderr {"{"} background: #fff6e5; border-left-color: #f5a623; {"}"}
        pre.error {"{"} background: #fdecea; border-left: 3px solid #d93025; color: #8a1c14; {"}"}
        .output {"{"} margin: .3rem 0; overflow-x: auto; {"}"}
        .failed {"{"} color: #d93025; {"}"} .ok {"{"} color: #1e8e3e; {"}"}
        img.wb-static {"{"} display: block; max-width: 100%; height: auto; {"}"}
        .{InteractiveClass} .wb-chart img.wb-static, html:not(.{InteractiveClass}) .wb-chart .wb-plot {"{"} display: none; {"}"}
        .katex-display {"{"} overflow-x: auto; overflow-y: hidden; padding: .2rem 0; {"}"}
        table {"{"} border-collapse: collapse; {"}"} td, th {"{"} border: 1px solid #ddd; padding: .2rem .5rem; {"}"}
        </style>
        </head>
        <body>
        {body}
        {(report ? KatexAssets.RenderScript : "")}</body>
        </html>

        """;
}
