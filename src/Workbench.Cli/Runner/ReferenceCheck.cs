using System.Text.RegularExpressions;

namespace Workbench.Cli.Runner;

/// <summary>Finds #r "file.dll" references that do not exist, before any cell runs, so a missing build gives
/// one clear message instead of a compile error deep in a notebook.</summary>
public static partial class ReferenceCheck
{
    public static IReadOnlyList<string> MissingReferences(NotebookDocument doc)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(doc.Path))!;
        return doc.Cells.Where(c => c.IsCode)
            .SelectMany(c => HashR().Matches(c.Source).Select(m => m.Groups[1].Value))
            .Where(r => !r.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) && r.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .Where(r => !File.Exists(Path.Combine(folder, r)))
            .ToArray();
    }

    [GeneratedRegex("^\\s*#r\\s+\"([^\"]+)\"", RegexOptions.Multiline)]
    private static partial Regex HashR();
}
