using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.Reports;
using Workbench.Cli.Runner;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench run</c>: execute notebooks in order and write executed notebooks, reports and an index.
/// Exit code 0 when every cell of every notebook succeeded, 1 when a cell failed, 2 when a notebook could not run.</summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb) or folders of notebooks, run in name order. Default: notebooks",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for executed notebooks (<name>.ipynb), reports (<name>.html), chart images (<name>/<cell id>-<n>.png), plotly.min.js, katex/ and index.html",
            DefaultValueFactory = _ => "figures",
        };
        var set = new Option<string[]>("--set", "-p")
        {
            Description = "Override a parameter of the cell tagged \"parameters\", e.g. --set epochs=5 --set lr=0.01. " +
                          "Values are typed by their text: true/false, integers, numbers, else strings (quote to force a string)",
            AllowMultipleArgumentsPerToken = false,
        };
        var quick = new Option<bool>("--quick", "-q")
        {
            Description = "Small budgets for a fast check: the same as --set quick=true (notebooks read `quick` in their parameters cell)",
        };
        var stop = new Option<bool>("--stop-on-error")
        {
            Description = "Stop a notebook at its first failing cell (default: run every cell, as VS Code's Run All does)",
        };
        var noImages = new Option<bool>("--no-images")
        {
            Description = "Do not render PNG fallbacks of charts with Chromium",
        };
        var command = new Command("run", "Execute notebooks headless in the .NET Interactive C# kernel (the one VS Code runs) and write executed notebooks and HTML reports.")
        {
            paths, output, set, quick, stop, noImages,
        };
        command.SetAction((parse, _) => RunAsync(console,
            parse.GetValue(paths) is { Length: > 0 } p ? p : ["notebooks"],
            parse.GetValue(output)!,
            parse.GetValue(set) ?? [],
            parse.GetValue(quick),
            parse.GetValue(stop),
            !parse.GetValue(noImages)));
        return command;
    }

    static async Task<int> RunAsync(IAnsiConsole console, string[] paths, string output, string[] sets, bool quick, bool stop, bool images)
    {
        List<string> notebooks;
        List<NotebookParameter> parameters;
        try
        {
            notebooks = paths.SelectMany(NotebookBatch.Find).ToList();
            parameters = (quick ? ["quick=true"] : Array.Empty<string>()).Concat(sets).Select(NotebookParameter.Parse).ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        var options = new BatchOptions(output)
        {
            Parameters = parameters,
            StopOnFirstFailure = stop,
            ChartImages = images ? ChartImages.TryCreate(msg => console.MarkupLineInterpolated($"[yellow]note:[/] {msg}")) : null,
        };
        IReadOnlyList<BatchItem> items = [];
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = notebooks.ToDictionary(n => n, n => ctx.AddTask(Path.GetFileName(n), autoStart: false));
                items = await NotebookBatch.RunAsync(notebooks, options, (nb, cell, total) =>
                {
                    var t = tasks[nb];
                    t.StartTask();
                    t.MaxValue = total;
                    t.Value = cell - 1;
                });
                foreach (var t in tasks.Values) t.Value = t.MaxValue;
            });

        foreach (var item in items) Summarize(console, item);
        console.MarkupLineInterpolated(
            $"Reports: [link]{Path.Combine(Path.GetFullPath(output), IndexWriter.FileName)}[/]");
        // Committed: what .gitignore keeps (reports, index, images); the rest is plotly.min.js and executed notebooks.
        console.MarkupLineInterpolated(
            $"Output: {output} holds {OutputSize.Format(OutputSize.Total(output))}, of which {OutputSize.Format(OutputSize.Committed(output))} are committed files (reports, index, images)");
        return items.Any(i => i.Result is null) ? 2 : items.All(i => i.Succeeded) ? 0 : 1;
    }

    static void Summarize(IAnsiConsole console, BatchItem item)
    {
        foreach (var w in item.Result?.Warnings ?? []) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        if (item.Problem is not null)
            console.MarkupLineInterpolated($"[red]error:[/] {item.Problem}");
        else if (item.Result!.Succeeded)
            console.MarkupLineInterpolated(
                $"[green]ok[/]     {item.Notebook}: {item.Result.CellsRun} cells in {item.Result.Elapsed.TotalSeconds:F1} s");
        else
        {
            console.MarkupLineInterpolated($"[red]failed[/] {item.Notebook}: {item.Result.Failures.Count} cell(s) failed");
            foreach (var f in item.Result.Failures)
                console.MarkupLineInterpolated($"         {f.ToString()}: {f.Error.EValue.Split('\n')[0]}");
        }
    }
}
