using System.Text.Json.Nodes;
using Workbench.Cli.Commands;
using Workbench.Cli.Reports;
using Workbench.Cli.Runner;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

[Collection(RunnerCollection.Name)]
public sealed class BatchAndTourTests
{
    static string RepoRoot() => RepoPaths.Root;

    [Fact]
    public async Task The_tour_runs_headless_in_quick_mode_with_charts_and_no_errors()
    {
        using var nb = new TestNotebooks();
        string tour = Path.Combine(RepoRoot(), "notebooks", "00-tour.ipynb");
        var notes = new List<string>();
        var images = ChartImages.TryCreate(notes.Add);
        Assert.True(images is not null, "Chromium is needed to check the charts: " + string.Join("; ", notes));
        var items = await NotebookBatch.RunAsync([tour],
            new BatchOptions(nb.Folder) { Parameters = [NotebookParameter.Parse("quick=true")], ChartImages = images });

        var item = Assert.Single(items);
        Assert.True(item.Succeeded, item.Problem ?? string.Join("\n", item.Result!.Failures));
        string executed = Path.Combine(nb.Folder, "00-tour.ipynb");
        NbformatValidator.AssertValid(executed);
        var json = JsonNode.Parse(File.ReadAllText(executed))!;
        var outputs = json["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToArray();
        Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        var html = outputs.Select(o => Text(o!["data"]?["text/html"])).ToArray();
        Assert.Contains(html, h => h.Contains("Plotly.newPlot") || h.Contains("\"type\":\"scatter\""));
        Assert.Contains(html, h => h.Contains("\"type\":\"heatmap\""));
        Assert.Contains(html, h => h.Contains("<table"));
        // Every chart carries a static PNG fallback (PNG signature, more than a blank canvas).
        var pngs = outputs.Select(o => o!["data"]?["image/png"]).Where(p => p is not null)
                          .Select(p => Convert.FromBase64String(Text(p).Replace("\n", ""))).ToArray();
        Assert.Equal(3, pngs.Length);                    // the line chart, its Plotly.NET twin and the heatmap
        Assert.All(pngs, p => Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, p[..4]));
        Assert.All(pngs, p => Assert.True(p.Length > 5_000, $"PNG of {p.Length} bytes looks blank"));
        // In Chromium the report draws every chart (plotly adds one main-svg per plot).
        string dom = new Workbench.Charts.ChromiumRenderer().DumpDom(Path.Combine(nb.Folder, "00-tour.html"), virtualTimeMs: 10_000);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(dom, "class=\"main-svg\"").Count >= 3, "charts did not draw in the report");
        // plotly.js is referenced, never inlined: one copy next to the reports.
        Assert.True(new FileInfo(executed).Length < 1_000_000);
        Assert.True(new FileInfo(Path.Combine(nb.Folder, "00-tour.html")).Length < 1_000_000);
        Assert.True(new FileInfo(Path.Combine(nb.Folder, "plotly.min.js")).Length > 1_000_000);
        Assert.Contains("href=\"00-tour.html\"", File.ReadAllText(Path.Combine(nb.Folder, "index.html")));
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_executed_notebooks_reports_and_images()
    {
        using var nb = new TestNotebooks();
        // A small lesson: seeded tensors, a trained-looking curve, a table, a live progress line and a chart.
        string path = nb.Write("r.ipynb", "md:# Repro $a^{\\langle t \\rangle}$",
            $"#r \"{KernelSemanticsTests.Library}\"\nusing Workbench.Tensors;\nusing Workbench.Charts;\nusing Microsoft.Data.Analysis;\nusing Workbench.Frames;",
            "tag:parameters\nvar seed = 3;",
            "var g = new Generator(seed);\nvar w = Tensor.Randn([2, 3], g);\nw",
            "var progress = display(\"step 0\");\nvar losses = new List<double>();\nfor (int s = 1; s <= 5; s++) { losses.Add(w.Sum().Item() / s + g.NextDouble()); progress.Update($\"step {s}: {losses[^1]:F4}\"); }",
            "var t = new DataFrame(new Int32DataFrameColumn(\"step\"), new DoubleDataFrameColumn(\"loss\"));\nfor (int s = 0; s < 5; s++) t.Append(new object[] { s + 1, losses[s] }, inPlace: true);\nt",
            "Chart.Line(losses.ToArray(), name: \"loss\")");
        var notes = new List<string>();
        var images = ChartImages.TryCreate(notes.Add);
        Assert.True(images is not null, string.Join("; ", notes));
        string a = Path.Combine(nb.Folder, "a"), b = Path.Combine(nb.Folder, "b"), c = Path.Combine(nb.Folder, "c");
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(a) { ChartImages = images }))[0].Succeeded);
        Assert.True((await NotebookBatch.RunAsync([path], new BatchOptions(b) { ChartImages = images }))[0].Succeeded);
        foreach (var f in new[] { "r.ipynb", "r.html", "index.html", "r/c7-1.png" })
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))),
                $"{f} differs between two runs with the same seed");
        // And the seed matters: another seed gives other numbers.
        await NotebookBatch.RunAsync([path], new BatchOptions(c) { Parameters = [NotebookParameter.Parse("seed=4")], ChartImages = images });
        Assert.NotEqual(File.ReadAllText(Path.Combine(a, "r.html")), File.ReadAllText(Path.Combine(c, "r.html")));
    }

    [Fact]
    public async Task A_failed_run_still_writes_its_notebook_and_report_and_a_bad_file_leaves_old_ones_untouched()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "figures");
        string good = nb.Write("in/a.ipynb", "md:# Good", "1 + 1");
        var first = await NotebookBatch.RunAsync([good], new BatchOptions(output));
        Assert.True(first[0].Succeeded);
        string report = Path.Combine(output, "a.html");
        string before = File.ReadAllText(report);

        // The same name, now not JSON: nothing is written and the earlier report stays whole.
        nb.WriteRaw("in/a.ipynb", "{ broken");
        var bad = await NotebookBatch.RunAsync([good], new BatchOptions(output));
        Assert.Contains("a.ipynb: is not valid JSON", bad[0].Problem);
        Assert.Equal(before, File.ReadAllText(report));

        // A notebook with a failing cell: notebook and report are written and say so.
        nb.Write("in/a.ipynb", "md:# Failing", "throw new Exception(\"boom\");");
        var failed = await NotebookBatch.RunAsync([good], new BatchOptions(output));
        Assert.False(failed[0].Succeeded);
        Assert.Contains("Cell 2", File.ReadAllText(report));
        Assert.Contains("<meta name=\"workbench-status\" content=\"failed\">", File.ReadAllText(report));
        Assert.Contains("\"output_type\": \"error\"", File.ReadAllText(Path.Combine(output, "a.ipynb")));
        Assert.Empty(Directory.GetFiles(output, "*.tmp")); // no temporary files left behind
    }

    [Fact]
    public async Task The_index_links_every_report_in_the_folder()
    {
        using var nb = new TestNotebooks();
        string output = Path.Combine(nb.Folder, "out");
        await NotebookBatch.RunAsync([nb.Write("one.ipynb", "md:# First <one>", "1")], new BatchOptions(output));
        await NotebookBatch.RunAsync([nb.Write("two.ipynb", "md:# Second", "throw null;")], new BatchOptions(output));
        var entries = IndexWriter.Scan(output);
        Assert.Equal([("one.html", "First <one>", "ok"), ("two.html", "Second", "failed")],
            entries.Select(e => (e.ReportFile, e.Title, e.Status)));
    }

    [Fact]
    public async Task The_command_returns_nonzero_when_a_cell_fails_and_2_for_a_bad_notebook()
    {
        using var nb = new TestNotebooks();
        string ok = nb.Write("ok/a.ipynb", "tag:parameters\nvar quick = false;", "if (!quick) throw new Exception(\"not quick\");");
        string output = Path.Combine(nb.Folder, "figs");
        Assert.Equal(0, await WorkbenchCommand.InvokeAsync(["run", ok, "--quick", "-o", output, "--no-images"]));
        Assert.Equal(1, await WorkbenchCommand.InvokeAsync(["run", ok, "-o", output, "--no-images"]));
        Assert.Equal(1, await WorkbenchCommand.InvokeAsync(["run", ok, "--set", "quick=false", "-o", output, "--no-images"]));
        string bad = nb.WriteRaw("bad/b.ipynb", """{"nbformat":4,"nbformat_minor":5,"cells":[],"metadata":{"kernelspec":{"name":"python3"}}}""");
        Assert.Equal(2, await WorkbenchCommand.InvokeAsync(["run", bad, "-o", output, "--no-images"]));
        Assert.Equal(2, await WorkbenchCommand.InvokeAsync(["run", Path.Combine(nb.Folder, "missing"), "-o", output]));
        Assert.Equal(0, await WorkbenchCommand.InvokeAsync(["list", Path.Combine(nb.Folder, "ok")]));
    }

    [Fact]
    public async Task A_missing_library_build_is_one_clear_error_before_any_cell_runs()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("a.ipynb", "#r \"../artifacts/bin/Workbench/release/Workbench.dll\"", "1");
        var items = await NotebookBatch.RunAsync([path], new BatchOptions(Path.Combine(nb.Folder, "out")));
        Assert.Contains("#r \"../artifacts/bin/Workbench/release/Workbench.dll\" does not exist", items[0].Problem);
        Assert.Contains("dotnet build src/Workbench -c Release", items[0].Problem);
    }
}
