namespace Workbench.Notebook;

/// <summary>
/// Markup that a notebook shows as HTML (text/html), e.g. <see cref="PlotlyJs.Script"/>. It does the job of the
/// kernel's <c>HTML(string)</c> helper without its return type (ASP.NET's <c>IHtmlContent</c>): in the
/// dotnet-interactive tool that VS Code runs, every cell calling <c>HTML(...)</c> gets assembly-binding warnings
/// (CS1701, the kernel's Html.Abstractions 2.3.0 against the shared framework's 10.0), which VS Code shows on line 1.
/// </summary>
[TypeFormatterSource(typeof(FormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record RawHtml(string Markup)
{
    public override string ToString() => Markup;

    /// <summary>Named by the attribute above (see <see cref="FormatterConvention"/>): the markup as it is.</summary>
    public sealed class FormatterSource
    {
        public IEnumerable<object> CreateTypeFormatters() => [MimeFormatter.Html<RawHtml>(h => h.Markup)];
    }
}
