using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Workbench.Cli.Commands;
using Workbench.Cli.Reports;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

/// <summary>Chart images are files beside the report (what a clean clone shows without plotly.js), replaced as a
/// set on every run; console output is plain when redirected; the committed part of a report stays small.</summary>
[Collection(RunnerCollection.Name)]
public sealed class StaticFigureTests
{
    static string Library => typeof(Workbench.Charts.Figure).Assembly.Location;

    static Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> Images()
    {
        var notes = new List<string>();
        return ChartImages.TryCreate(notes.Add) ?? throw new InvalidOperationException("Chromium is needed: " + string.Join("; ", notes));
    }

    [Fact]
    public async Task Chart_images_are_written_beside_the_report_and_replaced_as_a_set()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "figures");
        string path = nb.Write("in/plots.ipynb", $"#r \"{Library}\"\nusing Workbench.Charts;",
            "Chart.Line(new[] { 1.0, 3.0, 2.0 }, name: \"a\")", "display(Chart.Bar(new[] { \"x\", \"y\" }, new[] { 2.0, 5.0 }));");
        var items = await NotebookBatch.RunAsync([path], new BatchOptions(output) { ChartImages = Images() });
        Assert.True(items[0].Succeeded, items[0].Problem ?? string.Join("\n", items[0].Result!.Failures));

        string[] pngs = Directory.GetFiles(Path.Combine(output, "plots")).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["c2-1.png", "c3-1.png"], pngs);
        // Each file is exactly the image/png the executed notebook carries inline.
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "plots.ipynb")))!;
        var inline = executed["cells"]![1]!["outputs"]![0]!["data"]!["image/png"]!;
        Assert.Equal(Convert.FromBase64String(Text(inline).Replace("\n", "")), File.ReadAllBytes(Path.Combine(output, "plots", "c2-1.png")));
        string report = File.ReadAllText(Path.Combine(output, "plots.html"));
        Assert.Contains("<img class=\"wb-static\" src=\"plots/c2-1.png\"", report);
        Assert.Contains("<img class=\"wb-static\" src=\"plots/c3-1.png\"", report);
        Assert.DoesNotContain("data:image/png", report);   // referenced, never inlined

        // Re-run with one chart fewer: the stale image goes; with none, the folder goes.
        nb.Write("in/plots.ipynb", $"#r \"{Library}\"\nusing Workbench.Charts;", "Chart.Line(new[] { 1.0, 2.0 })");
        await NotebookBatch.RunAsync([path], new BatchOptions(output) { ChartImages = Images() });
        Assert.Equal(["c2-1.png"], Directory.GetFiles(Path.Combine(output, "plots")).Select(Path.GetFileName));
        nb.Write("in/plots.ipynb", "1 + 1");
        await NotebookBatch.RunAsync([path], new BatchOptions(output) { ChartImages = Images() });
        Assert.False(Directory.Exists(Path.Combine(output, "plots")));
        Assert.Empty(Directory.GetDirectories(output, ".*"));   // no temporary folders left behind
    }

    [Fact]
    public async Task A_folder_the_runner_did_not_write_is_never_replaced()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "out");
        Directory.CreateDirectory(Path.Combine(output, "notes"));
        File.WriteAllText(Path.Combine(output, "notes", "keep.txt"), "mine");
        string path = nb.Write("notes.ipynb", $"#r \"{Library}\"\nusing Workbench.Charts;", "Chart.Line(new[] { 1.0, 2.0 })");
        var items = await NotebookBatch.RunAsync([path], new BatchOptions(output) { ChartImages = Images() });
        Assert.Contains("refusing to replace", items[0].Problem ?? string.Join("\n", items[0].Result?.Failures ?? []));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes", "keep.txt")));
    }

    [Fact]
    public async Task Redirected_console_output_has_no_ansi_escapes()
    {
        var writer = new StringWriter();
        var console = CliConsole.Create(writer, isTerminal: false);
        console.MarkupLine("[red]error:[/] [link]/tmp/x[/]");
        await console.Progress().StartAsync(async ctx => { var t = ctx.AddTask("work"); t.Increment(100); await Task.Yield(); });
        Assert.Contains("error:", writer.ToString());
        Assert.DoesNotContain('\u001b', writer.ToString());
    }

    [Fact]
    public async Task Two_runs_write_byte_identical_reports_and_chart_images()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("same.ipynb", $"#r \"{Library}\"\nusing Workbench.Charts;",
            "Chart.Line(new[] { 0.5, 0.25, 0.2, 0.1 }, name: \"loss\").WithTitle(\"Loss\")",
            "display(Chart.Bar(new[] { \"rnn\", \"lstm\" }, new[] { 2.0, 1.5 }));");
        string a = Path.Combine(nb.Folder, "a"), b = Path.Combine(nb.Folder, "b");
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(a) { ChartImages = Images() }))[0].Succeeded);
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(b) { ChartImages = Images() }))[0].Succeeded);

        string[] files = ["same.html", "index.html", "same/c2-1.png", "same/c3-1.png"];
        Assert.Equal(files.Skip(2).Order(), Directory.GetFiles(Path.Combine(a, "same")).Select(f => "same/" + Path.GetFileName(f)).Order());
        foreach (string f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))),
                $"{f} differs between two runs of the same notebook");
    }

    [Fact]
    public async Task The_command_writes_plain_lines_when_stdout_is_redirected_even_where_ansi_would_be_detected()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("plain.ipynb", "md:# Plain", "1 + 1", "throw new Exception(\"boom\");");
        // The real command in its own process, stdout a pipe, with the variables that make Spectre.Console turn
        // on colours and links (before CliConsole, these runs printed ESC[38;5;2mok and OSC 8 links).
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Workbench.Cli.dll"), "run", path, "-o", Path.Combine(nb.Folder, "out"), "--no-images"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLORTERM"] = "truecolor";
        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 1, $"exit code {process.ExitCode} (a cell failed, so 1 expected)\n{stdout}\n{await stderr}");
        Assert.Contains("failed plain.ipynb: 1 cell(s) failed", stdout.Replace(path, "plain.ipynb"));
        Assert.Contains("Cell 3, line 1", stdout);
        Assert.Matches(@"Output: .+ holds [0-9.]+ (B|KB|MB), of which [0-9.]+ (B|KB|MB) are committed", stdout);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public async Task The_tour_commits_under_300_KB_of_report_and_images()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "figures");
        var items = await NotebookBatch.RunAsync([RepoPaths.File("notebooks/00-tour.ipynb")],
            new BatchOptions(output) { Parameters = [Workbench.Cli.Runner.NotebookParameter.Parse("quick=true")], ChartImages = Images() });
        Assert.True(items[0].Succeeded);
        long committed = OutputSize.Committed(output);
        Assert.InRange(committed, 10_000, 300_000);
        Assert.True(OutputSize.Total(output) > committed + 4_000_000);   // plotly.min.js and the notebook are the rest
    }
}
