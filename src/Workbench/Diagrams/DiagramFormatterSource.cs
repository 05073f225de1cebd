using Workbench.Notebook;

namespace Workbench.Diagrams;

/// <summary>Formatter source named by <see cref="Diagram"/>'s TypeFormatterSource attribute (convention, see <see cref="FormatterConvention"/>).</summary>
public sealed class DiagramFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<Diagram>(d => d.ToHtml()),
        new MimeFormatter(typeof(Diagram), "image/svg+xml", (d, w) => w.Write(((Diagram)d).Svg)),
        MimeFormatter.PlainText<Diagram>(d => d.ToString()),
    ];
}
