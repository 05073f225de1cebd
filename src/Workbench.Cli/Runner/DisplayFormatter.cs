using System.Collections;
using System.Globalization;
using System.Text;
using Workbench.Notebook;

namespace Workbench.Cli.Runner;

/// <summary>Turns a displayed value into a MIME bundle the way .NET Interactive's Formatter does for a library
/// with no package reference: the name-matched TypeFormatterSourceAttribute convention (implemented once, in
/// <see cref="FormatterConvention"/>, by reflection so it also works when a notebook's #r loads its own copy of
/// the library), else the kernel's plain-text conventions.</summary>
public sealed class DisplayFormatter
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    const int ListExpansionLimit = 20; // the kernel's default Formatter.ListExpansionLimit

    /// <summary>Called with each displayed value and its bundle; may add formats (the runner adds a static
    /// PNG for charts here).</summary>
    public Func<object, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? Enrich { get; init; }

    /// <param name="mimeTypes">When given, only these formats are published (as display(value, mimeTypes)).</param>
    public IReadOnlyDictionary<string, string> Format(object? value, params string[] mimeTypes)
    {
        var bundle = new Dictionary<string, string>();
        if (value is HtmlString html) bundle[Html] = html.Value;
        else if (value is not null)
            foreach (var (mime, text) in FormatterConvention.FormatAll(value))
                if (mimeTypes.Length == 0 || mimeTypes.Contains(mime)) bundle.TryAdd(mime, text);
        if (bundle.Count == 0 || (mimeTypes.Contains(PlainText) && !bundle.ContainsKey(PlainText)))
            bundle[PlainText] = FormatPlainText(value);
        if (value is not null && Enrich is { } enrich) return enrich(value, bundle);
        return bundle;
    }

    /// <summary>The kernel's plain-text conventions: "&lt;null&gt;", strings as-is, sequences as "[ a, b ]".</summary>
    public static string FormatPlainText(object? value)
    {
        switch (value)
        {
            case null: return "<null>";
            case string s: return s;
            case IEnumerable seq when value is Array
                                      || value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object):
                var sb = new StringBuilder("[ ");
                int n = 0;
                foreach (var item in seq)
                {
                    if (n == ListExpansionLimit) { sb.Append(" ... (more)"); break; }
                    if (n++ > 0) sb.Append(", ");
                    sb.Append(FormatPlainText(item));
                }
                return sb.Append(" ]").ToString();
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return value.ToString() ?? value.GetType().Name;
        }
    }
}
