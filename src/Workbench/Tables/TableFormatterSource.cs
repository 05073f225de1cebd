using Workbench.Notebook;

namespace Workbench.Tables;

/// <summary>Formatter source named by <see cref="ResultTable"/>'s TypeFormatterSource attribute (see <see cref="FormatterConvention"/>).</summary>
public sealed class TableFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<ResultTable>(t => t.ToHtml()),
        MimeFormatter.PlainText<ResultTable>(t => t.ToString()),
    ];
}
