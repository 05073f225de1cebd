namespace Workbench.Cli.Runner;

/// <summary>nbformat's "multiline string" as the document model holds it: a string (what the runner produced)
/// or, read back from a file, a list of lines that keep their "\n".</summary>
internal static class MultilineString
{
    public static string Read(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable<object?> lines => string.Concat(lines.Select(l => l as string ?? "")),
        _ => throw new FormatException($"expected a string or a list of strings, got {value.GetType().Name}"),
    };
}
