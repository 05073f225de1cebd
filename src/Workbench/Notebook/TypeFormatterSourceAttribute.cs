namespace Workbench.Notebook;

/// <summary>
/// Names the formatter source of a type for .NET Interactive without referencing its packages: the kernel's
/// <c>Formatter</c> matches this attribute by its type NAME and reads <see cref="FormatterSourceType"/> and
/// <see cref="PreferredMimeTypes"/> by reflection (see <see cref="FormatterConvention"/> for the exact protocol).
/// Internal on purpose: it must not clash with the kernel's public attribute of the same name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types the kernel publishes for the type, most preferred first.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
