namespace Workbench.Tests;

/// <summary>Finds the repository root (the folder holding workbench.sln) above the test binaries.</summary>
static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string File(string relative) => Path.Combine(Root, relative);

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException("workbench.sln not found above " + AppContext.BaseDirectory);
    }
}
