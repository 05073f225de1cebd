using System.Diagnostics;
using Workbench.Cli.Reports;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

/// <summary>Runs that go wrong on the real kernel path: a huge output, and a run killed midway (the old report
/// stays whole; what a killed run leaves behind is removed by the next run).</summary>
[Collection(RunnerCollection.Name)]
public sealed class HostileRunTests
{
    [Fact]
    public async Task Ten_megabytes_of_output_are_kept_whole_in_a_valid_notebook_and_report()
    {
        using var nb = new TestNotebooks();
        const int size = 10 * 1024 * 1024;
        string path = nb.Write("big.ipynb", "md:# Big", "Console.Write(new string('<', 10 * 1024 * 1024));", "1 + 1");
        string output = Path.Combine(nb.Folder, "out");
        var items = await NotebookBatch.RunAsync([path], new BatchOptions(output));
        Assert.True(items[0].Succeeded, items[0].Problem ?? string.Join("\n", items[0].Result!.Failures));
        Assert.Equal(size, Text(Outputs(items[0].Result!, 2)[0]!["text"]).Length);
        NbformatValidator.AssertValid(Path.Combine(output, "big.ipynb"));
        string report = File.ReadAllText(Path.Combine(output, "big.html"));
        Assert.Contains("<pre class=\"stream stdout\">&lt;&lt;&lt;", report);
        Assert.DoesNotContain("<<<", report);
        Assert.True(report.Length > size * 4, "the report holds all of it, escaped");
    }

    [Fact]
    public async Task A_killed_run_leaves_the_old_report_whole_and_the_next_run_removes_what_it_left()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "out");
        string path = nb.Write("k.ipynb", "md:# Kill", "Console.WriteLine(\"first version\");");
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(output)))[0].Succeeded);
        string report = Path.Combine(output, "k.html"), executed = Path.Combine(output, "k.ipynb");
        byte[] oldReport = File.ReadAllBytes(report), oldNotebook = File.ReadAllBytes(executed);

        // The real command in its own process, killed while a cell runs.
        nb.Write("k.ipynb", "md:# Kill", "Console.WriteLine(\"second version\");",
                 "System.IO.File.WriteAllText(\"started\", \"\"); System.Threading.Thread.Sleep(300_000);");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Workbench.Cli.dll"), "run", path, "-o", output, "--no-images"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var run = Process.Start(start)!;
        string started = Path.Combine(nb.Folder, "started");
        for (var clock = Stopwatch.StartNew(); !File.Exists(started); await Task.Delay(100))
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3) && !run.HasExited, "the run did not reach its third cell");
        run.Kill(entireProcessTree: true);
        await run.WaitForExitAsync();

        Assert.Equal(oldReport, File.ReadAllBytes(report));
        Assert.Equal(oldNotebook, File.ReadAllBytes(executed));
        Assert.Empty(Directory.GetFileSystemEntries(output, ".*"));

        // What a run killed while writing leaves: a temporary file and a half-made image folder, named with its
        // process id. The next run removes them; a live run's temporary file (this process's) is left alone.
        string deadTmp = Path.Combine(output, $".k.html.{run.Id}.{Guid.NewGuid():N}.tmp");
        string deadFolder = Path.Combine(output, $".k.new.{run.Id}.{Guid.NewGuid():N}");
        string liveTmp = Path.Combine(output, $".other.html.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(deadTmp, "<html>half");
        Directory.CreateDirectory(deadFolder);
        File.WriteAllText(liveTmp, "in progress");
        nb.Write("k.ipynb", "md:# Kill", "Console.WriteLine(\"third version\");");
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(output)))[0].Succeeded);
        Assert.False(File.Exists(deadTmp));
        Assert.False(Directory.Exists(deadFolder));
        Assert.True(File.Exists(liveTmp));
        Assert.Contains("third version", File.ReadAllText(report));
    }

    [Fact]
    public void An_image_folder_moved_aside_by_a_killed_run_is_put_back()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "out");
        // Killed between FigureFiles.Publish's two renames: the old images are aside, the new ones not yet in place.
        string aside = Path.Combine(output, $".plots.old.{int.MaxValue - 7}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(aside);
        File.WriteAllText(Path.Combine(aside, "c2-1.png"), "png");
        StaleTemporaries.Clean(output);
        Assert.Equal("png", File.ReadAllText(Path.Combine(output, "plots", "c2-1.png")));
        Assert.Empty(Directory.GetDirectories(output, ".*"));
    }
}
