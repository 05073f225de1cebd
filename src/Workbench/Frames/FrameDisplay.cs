using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>How a DataFrame shows in notebooks and reports (registered with the kernel by <see cref="NotebookFormatters"/>).</summary>
public static class FrameDisplay
{
    /// <summary>A paged HTML table: index column, headers (type in the tooltip), <paramref name="pageSize"/> rows a
    /// page with first/previous/next/last buttons, at most 10,000 rows. The same frame gives the same HTML every run.</summary>
    public static string ToHtml(this DataFrame frame, int pageSize = 25)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return FrameHtml.Render(frame, pageSize);
    }

    /// <summary>Plain text whose columns never run together: each as wide as its widest cell, two spaces apart,
    /// numbers right-aligned, missing values "null"; long frames show their first and last 10 rows.</summary>
    public static string ToText(this DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return FrameText.Render(frame);
    }
}
