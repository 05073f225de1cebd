using Workbench.Notebook;

namespace Workbench.Charts;

/// <summary>Formatter source named by <see cref="Figure"/>'s TypeFormatterSource attribute (convention, see <see cref="FormatterConvention"/>).</summary>
public sealed class FigureFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<Figure>(f => f.ToHtml()),
        new MimeFormatter(typeof(Figure), "application/vnd.plotly.v1+json", (f, w) => w.Write(((Figure)f).ToJson())),
        MimeFormatter.PlainText<Figure>(f => f.ToString()),
    ];
}
