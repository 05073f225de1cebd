namespace Workbench.Charts;

/// <summary>
/// What headless Chromium saw after Plotly.newPlot resolved: the number of traces plotly drew
/// (<see cref="DrawnTraces"/>: DOM trace groups, one per visible trace), the plotly &lt;svg&gt; layers, and every
/// error the page raised (window.onerror, unhandled rejections, console.error).
/// </summary>
public sealed record RenderReport(bool Plotted, int DataTraces, int DrawnTraces, int SvgCount, IReadOnlyList<string> Errors, string? PlotlyVersion)
{
    public bool Ok => Plotted && Errors.Count == 0;
}
