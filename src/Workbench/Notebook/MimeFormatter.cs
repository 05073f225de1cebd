namespace Workbench.Notebook;

/// <summary>
/// One formatter in the shape the .NET Interactive convention expects: public <see cref="Type"/>,
/// <see cref="MimeType"/> and a single public <see cref="Format"/>(object, TextWriter) returning bool.
/// </summary>
public sealed class MimeFormatter(Type type, string mimeType, Action<object, TextWriter> write)
{
    public Type Type { get; } = type;
    public string MimeType { get; } = mimeType;

    /// <summary>Writes <paramref name="instance"/> as <see cref="MimeType"/>; false when it is not a <see cref="Type"/>.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (!Type.IsInstanceOfType(instance)) return false;
        write(instance, writer);
        return true;
    }

    public static MimeFormatter Html<T>(Func<T, string> html) =>
        new(typeof(T), "text/html", (o, w) => w.Write(html((T)o)));

    public static MimeFormatter PlainText<T>(Func<T, string> text) =>
        new(typeof(T), "text/plain", (o, w) => w.Write(text((T)o)));
}
