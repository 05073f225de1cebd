using System.Globalization;

namespace Workbench.Cli.Reports;

/// <summary>How big the output folder is, in all and in the part a repository commits: everything except the
/// plotly.js and KaTeX copies and the executed notebooks, which .gitignore leaves out (they are regenerated).</summary>
public static class OutputSize
{
    /// <summary>Bytes of every file under the folder.</summary>
    public static long Total(string folder) => Files(folder).Sum(f => f.Length);

    /// <summary>Bytes of the committed part: reports, index and images; not plotly.min.js, katex/, *.ipynb or temp files.</summary>
    public static long Committed(string folder) =>
        Files(folder).Where(f => IsCommitted(Path.GetRelativePath(folder, f.FullName))).Sum(f => f.Length);

    static bool IsCommitted(string relative) =>
        relative != ReportHtml.PlotlyFileName
        && relative.Split(Path.DirectorySeparatorChar)[0] != KatexAssets.FolderName
        && !(Path.GetDirectoryName(relative) == "" && relative.EndsWith(".ipynb", StringComparison.Ordinal))
        && !relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

    static IEnumerable<FileInfo> Files(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories) : [];

    /// <summary>Bytes as "812 B", "95.3 KB", "4.9 MB" (powers of 1024, like du -h).</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MB"),
    };
}
