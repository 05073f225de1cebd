using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Workbench.Notebook;

/// <summary>
/// Finds and runs display formatters declared with the .NET Interactive "convention-based formatter source"
/// protocol, exactly as the kernel's <c>Formatter</c> does, without referencing the kernel's packages: a description
/// of the protocol that tests can call directly. (Notebooks, in VS Code and in <c>workbench run</c>, are formatted by the
/// real kernel's <c>Formatter</c>, which discovers the same attribute.)
/// <para>The protocol, all by reflection and by NAME (no shared types):</para>
/// <list type="number">
/// <item>On the value's runtime type, take custom attributes (inherit: true) whose type is NAMED
/// <c>TypeFormatterSourceAttribute</c>.</item>
/// <item>Read the attribute's public property <c>FormatterSourceType</c> (a <see cref="System.Type"/>) and create it
/// with <see cref="Activator.CreateInstance(System.Type)"/> (public parameterless constructor).</item>
/// <item>Call its public method <c>CreateTypeFormatters()</c>; the result is an <see cref="IEnumerable"/>.</item>
/// <item>Each item has a public <c>string MimeType</c>, an optional public <c>Type Type</c> (defaults to the annotated
/// type) and ONE public method <c>bool Format(object, TextWriter)</c>.</item>
/// <item>The attribute's optional public <c>string[] PreferredMimeTypes</c> says which MIME types to publish, in
/// order; the kernel publishes one output per preferred type (<c>FormattedValue.CreateManyFromObject</c>).</item>
/// </list>
/// <para><see cref="FormatAll"/> gives the MIME bundle the kernel would publish for a value (empty: no convention
/// formatter); <see cref="TryFormat"/> formats one specific MIME type.</para>
/// </summary>
public static class FormatterConvention
{
    public const string AttributeName = "TypeFormatterSourceAttribute";

    sealed record Found(IReadOnlyList<(string MimeType, Type Type, Func<object, TextWriter, bool> Format)> Formatters,
                        IReadOnlyList<string> PreferredMimeTypes);

    static readonly ConcurrentDictionary<Type, Found> cache = new();

    /// <summary>MIME types the type's formatter sources declare as preferred (empty when none).</summary>
    public static IReadOnlyList<string> PreferredMimeTypes(Type type) => Discover(type).PreferredMimeTypes;

    /// <summary>All MIME types the type has convention formatters for.</summary>
    public static IReadOnlyList<string> MimeTypes(Type type) =>
        Discover(type).Formatters.Select(f => f.MimeType).Distinct().ToArray();

    /// <summary>Formats <paramref name="value"/> as <paramref name="mimeType"/>; false when no formatter accepts it.</summary>
    public static bool TryFormat(object value, string mimeType, out string text)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var f in Discover(value.GetType()).Formatters)
        {
            if (f.MimeType != mimeType || !f.Type.IsInstanceOfType(value)) continue;
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            if (f.Format(value, writer)) { text = writer.ToString(); return true; }
        }
        text = "";
        return false;
    }

    /// <summary>
    /// The MIME bundle the kernel would publish: one (mimeType, text) per preferred MIME type in order, or, when
    /// the source declares no preference, per formatter MIME type. Empty when the type follows no convention.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FormatAll(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var found = Discover(value.GetType());
        var order = found.PreferredMimeTypes.Count > 0 ? found.PreferredMimeTypes : MimeTypes(value.GetType());
        var bundle = new List<KeyValuePair<string, string>>();
        foreach (var mime in order)
            if (TryFormat(value, mime, out var text)) bundle.Add(new(mime, text));
        return bundle;
    }

    static Found Discover(Type type) => cache.GetOrAdd(type, static type =>
    {
        var formatters = new List<(string, Type, Func<object, TextWriter, bool>)>();
        var preferred = new List<string>();
        foreach (var attr in type.GetCustomAttributes(inherit: true).Where(a => a.GetType().Name == AttributeName))
        {
            if (Property(attr, "FormatterSourceType") is Type sourceType)
            {
                var source = Activator.CreateInstance(sourceType)
                    ?? throw new InvalidOperationException($"Could not create formatter source {sourceType} for {type}.");
                var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                    ?? throw new InvalidOperationException(
                        $"Formatter source {sourceType} (named on {type}) has no public CreateTypeFormatters().");
                if (create.Invoke(source, BindingFlags.DoNotWrapExceptions, null, null, null) is IEnumerable items)
                    foreach (var item in items)
                        if (Adapt(item, type) is { } f) formatters.Add(f);
            }
            if (Property(attr, "PreferredMimeTypes") is string[] mimes) preferred.AddRange(mimes);
        }
        return new Found(formatters, preferred.Distinct().ToArray());
    });

    static (string, Type, Func<object, TextWriter, bool>)? Adapt(object item, Type annotated)
    {
        if (Property(item, "MimeType") is not string mime) return null;
        var format = item.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)]);
        if (format is null || format.ReturnType != typeof(bool)) return null;
        var forType = Property(item, "Type") as Type ?? annotated;
        return (mime, forType, (value, writer) => (bool)format.Invoke(item, BindingFlags.DoNotWrapExceptions, null, [value, writer], null)!);
    }

    static object? Property(object o, string name) =>
        o.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(o);
}
