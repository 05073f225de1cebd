namespace Workbench.Cli.Runner;

/// <summary>Polyglot magic lines the runner understands or rejects before Roslyn sees the cell. Lines are
/// blanked rather than removed so compiler line numbers still match the cell.</summary>
internal static class CellDirectives
{
    /// <returns>The code to submit, or an error naming the unsupported directive and its line.</returns>
    public static (string Code, string? Error) Preprocess(string source)
    {
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string t = lines[i].Trim();
            if (t is "#!csharp" or "#!c#" or "#!C#") { lines[i] = ""; continue; }
            if (t.StartsWith("#!", StringComparison.Ordinal))
                return ("", $"line {i + 1}: magic command \"{t}\" is not supported by the headless runner; " +
                            "notebooks/README.md lists what notebooks may use");
            if (t.StartsWith("#r \"nuget:", StringComparison.OrdinalIgnoreCase) || t.StartsWith("#i ", StringComparison.Ordinal))
                return ("", $"line {i + 1}: NuGet references (\"{t}\") are not supported by the headless runner; " +
                            "reference the built library with #r \"../artifacts/bin/Workbench/release/Workbench.dll\"");
        }
        return (string.Join('\n', lines), null);
    }
}
