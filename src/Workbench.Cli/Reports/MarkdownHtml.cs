using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Workbench.Cli.Reports;

/// <summary>Markdown cells (and text/markdown outputs) as HTML for the reports, with nothing that runs: raw HTML is
/// written as text (so <c>&lt;script&gt;</c>, <c>&lt;img onerror&gt;</c> and a stray <c>a&lt;t&gt;</c> show as typed),
/// no generic {attribute} syntax, and links or images with a script URL lose it. Math (<c>$…$</c>, <c>$$…$$</c>) comes
/// out as <c>&lt;span class="math"&gt;</c> (<c>class="math display"</c> for <c>$$…$$</c> within a line) /
/// <c>&lt;div class="math"&gt;</c> holding the TeX, which KaTeX draws in the
/// page (<see cref="KatexAssets"/>).</summary>
public static class MarkdownHtml
{
    static readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseGridTables().UseEmphasisExtras().UseListExtras().UseTaskLists()
        .UseFootnotes().UseAutoIdentifiers().UseAutoLinks().UseMathematics()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        foreach (var definition in document.Descendants<LinkReferenceDefinition>())
            if (!IsSafeUrl(definition.Url)) definition.Url = "#";
        // $$…$$ within a line is display math in Jupyter and VS Code; Markdig writes it inline, so mark it.
        foreach (var math in document.Descendants<MathInline>().Where(m => m.DelimiterCount == 2))
            math.GetAttributes().AddClass("display");
        return document.ToHtml(pipeline);
    }

    /// <summary>Relative links, fragments and the ordinary schemes; not javascript:, vbscript: or data: URLs.</summary>
    static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        string u = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        int colon = u.IndexOf(':');
        if (colon < 0 || u.IndexOfAny(['/', '?', '#']) is int cut && cut >= 0 && cut < colon) return true;
        return u[..colon] is "http" or "https" or "mailto";
    }
}
