using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Workbench.Cli.Reports;

/// <summary>Temporary files and folders that a killed run left in the output folder: AtomicFile's
/// <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c> and <see cref="FigureFiles"/>' <c>.&lt;stem&gt;.new|old.&lt;pid&gt;.&lt;guid&gt;</c>.
/// The next run removes those whose process is gone (never another live run's). An "old" image folder whose
/// notebook folder is missing (killed between the two renames) is put back instead, so the old report's images stay.</summary>
public static partial class StaleTemporaries
{
    public static void Clean(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp"))
            if (TempFile().Match(Path.GetFileName(file)) is { Success: true } m && IsGone(m.Groups["pid"].Value))
                TryDelete(() => File.Delete(file));
        foreach (string dir in Directory.EnumerateDirectories(folder, ".*"))
        {
            if (ImageFolder().Match(Path.GetFileName(dir)) is not { Success: true } m || !IsGone(m.Groups["pid"].Value)) continue;
            string target = Path.Combine(folder, m.Groups["stem"].Value);
            if (m.Groups["kind"].Value == "old" && !Directory.Exists(target)) TryDelete(() => Directory.Move(dir, target));
            else TryDelete(() => Directory.Delete(dir, recursive: true));
        }
    }

    static bool IsGone(string pid)
    {
        if (!int.TryParse(pid, out int id)) return false;
        if (id == Environment.ProcessId) return false;
        try
        {
            using var p = Process.GetProcessById(id);
            return p.HasExited;
        }
        catch (ArgumentException) { return true; }          // no such process
        catch (InvalidOperationException) { return true; }
    }

    static void TryDelete(Action remove)
    {
        try { remove(); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"^\..+\.(?<pid>[0-9]+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempFile();

    [GeneratedRegex(@"^\.(?<stem>.+)\.(?<kind>new|old)\.(?<pid>[0-9]+)\.[0-9a-f]{32}$")]
    private static partial Regex ImageFolder();
}
