namespace Workbench.Charts;

/// <summary>
/// What headless Chromium saw after Plotly.newPlot resolved: the number of traces plotly drew
/// (<see cref="DrawnTraces"/>: DOM trace groups, one per visible trace), the plotly &lt;svg&gt; layers, and every
/// error the page raised (window.onerror, unhandled rejections, console.error).
/// </summary>
public sealed record RenderReport(bool Plotted, int DataTraces, int DrawnTraces, int SvgCount, IReadOnlyList<string> Errors, string? PlotlyVersion)
{
    public bool Ok => Plotted && Errors.Count == 0;

    /// <summary>The text of every x and y tick label, as drawn (e.g. "1e−6").</summary>
    public IReadOnlyList<string> TickLabels { get; init; } = [];

    /// <summary>Tick labels, axis titles, the figure title and annotations (subplot titles) with their boxes on the page.</summary>
    public IReadOnlyList<TextBox> Texts { get; init; } = [];
}

/// <summary>A piece of text drawn on the page and its bounding box in CSS pixels.</summary>
public sealed record TextBox(string Text, double Left, double Top, double Right, double Bottom)
{
    public bool Overlaps(TextBox other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}
