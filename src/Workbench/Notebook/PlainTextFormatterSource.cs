namespace Workbench.Notebook;

/// <summary>
/// Formatter source for a type that displays as its <c>ToString()</c> text in notebooks: a tensor as TorchSharp prints
/// it, a module as PyTorch's repr. Named by <c>[TypeFormatterSource(typeof(PlainTextFormatterSource&lt;T&gt;),
/// PreferredMimeTypes = ["text/plain"])]</c> on <typeparamref name="T"/>; without it the kernel shows an HTML table of
/// the object's properties (see <see cref="FormatterConvention"/> for the protocol).
/// </summary>
public sealed class PlainTextFormatterSource<T> where T : notnull
{
    public IEnumerable<object> CreateTypeFormatters() => [MimeFormatter.PlainText<T>(v => v.ToString() ?? "")];
}
