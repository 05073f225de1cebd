using System.Text.Json.Nodes;
using Workbench.Cli.Reports;
using Workbench.Cli.Runner;
using Workbench.Tests.Runner;

namespace Workbench.Tests.Notebooks;

/// <summary>Every notebook (the tour included) runs headless in quick mode (the parameters cell's <c>quick</c>) with no
/// error output, produces at least one chart, and writes a valid nbformat 4.5 notebook.</summary>
[Collection(RunnerCollection.Name)]
public sealed class LessonNotebookTests
{
    static string RepoRoot() => RepoPaths.Root;

    public static IEnumerable<object[]> Lessons() =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Runs_in_quick_mode_without_errors_and_draws_charts(string notebook)
    {
        using var nb = new TestNotebooks();
        var items = await NotebookBatch.RunAsync([Path.Combine(RepoRoot(), "notebooks", notebook)],
            new BatchOptions(nb.Folder) { Parameters = [NotebookParameter.Parse("quick=true")] });
        var item = Assert.Single(items);
        Assert.True(item.Succeeded, item.Problem ?? string.Join("\n", item.Result!.Failures));
        string executed = Path.Combine(nb.Folder, notebook);
        NbformatValidator.AssertValid(executed);
        var outputs = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToArray();
        Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        Assert.Contains(outputs, o => o!["data"]?["text/html"]?.ToJsonString().Contains("Plotly.newPlot") == true);
    }
}
