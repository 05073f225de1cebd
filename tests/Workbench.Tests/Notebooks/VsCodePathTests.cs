using System.Text.Json.Nodes;
using Workbench.Cli.Runner;

namespace Workbench.Tests.Notebooks;

/// <summary>The real VS Code path: lessons run in quick mode through the dotnet-interactive tool over stdio, cell by
/// cell, in a process that has not loaded the library through a project reference (the notebook's
/// <c>#r "../artifacts/bin/Workbench/release/Workbench.dll"</c> is all it has). Quick mode is what VS Code users get
/// by running the cell <c>var quick = true;</c> after the parameters cell, which is what the runner's
/// injected-parameters cell does.</summary>
[Collection(Runner.RunnerCollection.Name)]
public sealed class VsCodePathTests
{
    static readonly TimeSpan startup = TimeSpan.FromMinutes(2), perCell = TimeSpan.FromMinutes(5);

    /// <summary>00-tour and 12-encoder-decoder always; more with WORKBENCH_VSCODE_NOTEBOOKS: "all", or names separated
    /// by commas (e.g. "05-language-modelling.ipynb,07-sampling.ipynb"), to check lessons one is changing.</summary>
    public static TheoryData<string> Notebooks()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { "00-tour.ipynb", "12-encoder-decoder.ipynb" };
        string? more = Environment.GetEnvironmentVariable("WORKBENCH_VSCODE_NOTEBOOKS");
        if (more == "all")
            names.UnionWith(Directory.GetFiles(RepoPaths.File("notebooks"), "*.ipynb").Select(Path.GetFileName)!);
        else if (!string.IsNullOrWhiteSpace(more))
            names.UnionWith(more.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new TheoryData<string>(names);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task A_lesson_runs_in_the_dotnet_interactive_tool_over_stdio_without_a_failed_cell(string notebook)
    {
        string path = RepoPaths.File(Path.Combine("notebooks", notebook));
        var doc = NotebookDocument.Load(path);
        ParameterInjector.Inject(doc, [NotebookParameter.Parse("quick=true")]);

        using var kernel = await StdioKernel.StartAsync(Path.GetDirectoryName(path)!, startup);
        var problems = new List<string>();
        int charts = 0, tensors = 0, cellNumber = 0;
        var plotlyNetCell = new List<string>();   // 00-tour's Plotly.NET cell: what it printed and whether it drew
        foreach (var cell in doc.Cells)
        {
            cellNumber++;
            if (!cell.IsCode) continue;
            foreach (var e in await kernel.SubmitCodeAsync(cell.Source, perCell))
            {
                string type = e["eventType"]!.GetValue<string>();
                var values = e["event"]?["formattedValues"]?.AsArray() ?? [];
                if (type is "CommandFailed" or "ErrorProduced")
                    problems.Add($"cell {cellNumber} ({cell.Id}): {type}: {e["event"]?["message"]}");
                if (type == "StandardErrorValueProduced")
                    problems.Add($"cell {cellNumber} ({cell.Id}): stderr: {values.FirstOrDefault()?["value"]}");
                if (type == "DiagnosticsProduced")
                    foreach (var d in e["event"]!["diagnostics"]!.AsArray())
                        if (d!["severity"]?.GetValue<string>() == "error" || d["code"]?.GetValue<string>() is "CS1701" or "CS1702")
                            problems.Add($"cell {cellNumber} ({cell.Id}): {d["severity"]} {d["code"]}: {d["message"]}");
                if (type is "DisplayedValueProduced" or "DisplayedValueUpdated" or "ReturnValueProduced"
                    && values.Any(v => v!["value"]!.GetValue<string>().Contains("Plotly.newPlot")))
                {
                    charts++;
                    if (cell.Id == "tour-plotlynet") plotlyNetCell.Add("chart");
                }
                if (cell.Id == "tour-plotlynet" && type == "StandardOutputValueProduced")
                    plotlyNetCell.Add(values.FirstOrDefault()?["value"]?.GetValue<string>() ?? "");
                // A tensor shows as TorchSharp prints it, as text, not as the kernel's HTML property tree.
                if (values.Any(v => v!["mimeType"]!.GetValue<string>() == "text/plain"
                                    && v["value"]!.GetValue<string>().Contains("type = Float32, device = cpu")))
                    tensors++;
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nstderr:\n" + kernel.Stderr);
        Assert.True(charts > 0, "no chart was displayed");
        if (notebook == "00-tour.ipynb")
        {
            Assert.True(tensors > 0, "the tour's tensor did not show as TorchSharp-style text");
            // Plotly.NET cannot run in this kernel (it holds older FSharp.Core / Giraffe.ViewEngine than Plotly.NET 6 was
            // built against): the cell names the conflict in one sentence and draws the workbench's figure, with no error.
            Assert.True(plotlyNetCell.Contains("chart"), "the Plotly.NET cell drew no chart: " + string.Join(" | ", plotlyNetCell));
            var said = plotlyNetCell.Where(o => o != "chart").ToArray();
            Assert.True(said.Length == 1 && said[0].StartsWith("Plotly.NET cannot run in this kernel (it was built against ", StringComparison.Ordinal)
                && said[0].Contains(" loaded), so the chart below is the same figure", StringComparison.Ordinal),
                "the Plotly.NET cell printed: " + string.Join(" | ", said));
        }
    }
}
