using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Workbench.Cli.Runner;

/// <summary>Turns a displayed value into a MIME bundle the way .NET Interactive's Formatter does for a
/// library with no package reference: a <c>TypeFormatterSourceAttribute</c> on the type, matched by name,
/// names a source class whose CreateTypeFormatters() returns objects with <c>string MimeType</c> and
/// <c>bool Format(object, TextWriter)</c>. Everything else falls back to text/plain.</summary>
public sealed class MimeFormatter
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    const int ListExpansionLimit = 20; // the kernel's default Formatter.ListExpansionLimit

    readonly ConcurrentDictionary<Type, IReadOnlyList<ConventionFormatter>> _byType = new();

    /// <summary>Called after formatting with the value and its bundle; may add formats (the runner adds a
    /// static PNG for charts here).</summary>
    public Func<object, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? Enrich { get; init; }

    public IReadOnlyDictionary<string, string> Format(object? value, params string[] mimeTypes)
    {
        var bundle = new Dictionary<string, string>();
        if (value is HtmlString html) bundle[Html] = html.Value;
        else if (value is not null)
            foreach (var f in FormattersFor(value.GetType()))
            {
                if (bundle.ContainsKey(f.MimeType) || (mimeTypes.Length > 0 && !mimeTypes.Contains(f.MimeType))) continue;
                var writer = new StringWriter();
                if (f.Format(value, writer)) bundle[f.MimeType] = writer.ToString();
            }
        if (bundle.Count == 0 || (mimeTypes.Contains(PlainText) && !bundle.ContainsKey(PlainText)))
            bundle[PlainText] = FormatPlainText(value);
        if (value is not null && Enrich is { } enrich && mimeTypes.Length == 0) return enrich(value, bundle);
        return bundle;
    }

    /// <summary>The kernel's plain-text conventions: "&lt;null&gt;", strings as-is, sequences as "[ a, b ]".</summary>
    public static string FormatPlainText(object? value)
    {
        switch (value)
        {
            case null: return "<null>";
            case string s: return s;
            case IEnumerable seq when value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object)
                                      || value is Array:
                var sb = new StringBuilder("[ ");
                int n = 0;
                foreach (var item in seq)
                {
                    if (n == ListExpansionLimit) { sb.Append(" ... (more)"); break; }
                    if (n++ > 0) sb.Append(", ");
                    sb.Append(FormatPlainText(item));
                }
                return sb.Append(" ]").ToString();
            case IFormattable f: return f.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
            default: return value.ToString() ?? value.GetType().Name;
        }
    }

    IReadOnlyList<ConventionFormatter> FormattersFor(Type type) => _byType.GetOrAdd(type, Discover);

    static IReadOnlyList<ConventionFormatter> Discover(Type type)
    {
        var found = new List<ConventionFormatter>();
        foreach (var attr in type.GetCustomAttributes(inherit: true)
                     .Where(a => a.GetType().Name == "TypeFormatterSourceAttribute"))
        {
            if (Property(attr, "FormatterSourceType") is not Type sourceType) continue;
            var source = Activator.CreateInstance(sourceType, nonPublic: true)
                         ?? throw new InvalidOperationException($"Cannot create formatter source {sourceType} for {type}.");
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                         ?? throw new InvalidOperationException($"Formatter source {sourceType} for {type} has no CreateTypeFormatters().");
            if (create.Invoke(source, null) is not IEnumerable formatters) continue;
            var all = formatters.Cast<object>().Select(ConventionFormatter.From).OfType<ConventionFormatter>().ToList();
            // PreferredMimeTypes, when given, picks and orders the formats that are published.
            if (Property(attr, "PreferredMimeTypes") is string[] { Length: > 0 } preferred)
                all = preferred.SelectMany(m => all.Where(f => f.MimeType == m)).ToList();
            found.AddRange(all);
        }
        return found;
    }

    static object? Property(object o, string name) =>
        o.GetType().GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(o);

    sealed record ConventionFormatter(string MimeType, Func<object, TextWriter, bool> Format)
    {
        public static ConventionFormatter? From(object formatter)
        {
            var type = formatter.GetType();
            var method = type.GetMethod("Format", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
                [typeof(object), typeof(TextWriter)]);
            if (Property(formatter, "MimeType") is not string mime || method is null) return null;
            return new ConventionFormatter(mime, (v, w) => method.Invoke(formatter, [v, w]) is true);
        }
    }
}
