namespace Workbench.Data;

/// <summary>
/// Finds the repository's <c>datasets/</c> folder: an explicit path (the folder itself or a folder holding it),
/// else the WORKBENCH_DATASETS environment variable, else the first <c>datasets/</c> with a README.md found walking
/// up from the current directory and then from the library's own location.
/// </summary>
public static class DatasetRoot
{
    public const string EnvironmentVariable = "WORKBENCH_DATASETS";

    public static string Locate(string? root = null)
    {
        var looked = new List<string>();
        if (root is not null) return Accept(root, "the root argument", looked) ?? throw NotFound(looked);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            return Accept(env, $"${EnvironmentVariable}", looked) ?? throw NotFound(looked);
        foreach (var start in new[] { Environment.CurrentDirectory, Path.GetDirectoryName(typeof(DatasetRoot).Assembly.Location), AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "datasets");
                looked.Add(candidate);
                if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
            }
        }
        throw NotFound(looked);
    }

    static string? Accept(string path, string from, List<string> looked)
    {
        var full = Path.GetFullPath(path);
        // The folder holding datasets/ first: a repository's root has a README.md of its own.
        foreach (var candidate in new[] { Path.Combine(full, "datasets"), full })
        {
            looked.Add($"{candidate} (from {from})");
            if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }
        return null;
    }

    static DirectoryNotFoundException NotFound(List<string> looked) => new(
        "Could not find the datasets folder (a 'datasets' directory containing README.md). Pass root: \"path/to/datasets\" " +
        $"or set {EnvironmentVariable}. Looked in:\n  " + string.Join("\n  ", looked.Distinct()));
}
