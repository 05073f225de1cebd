using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.Reports;
using Workbench.Cli.Runner;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench list</c>: the notebooks in run order, their titles and parameters.</summary>
internal static class ListCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var path = new Argument<string>("path")
        {
            Description = "A folder of notebooks (default: notebooks)",
            DefaultValueFactory = _ => "notebooks",
        };
        var command = new Command("list", "List the notebooks in run order with their titles and parameters.") { path };
        command.SetAction(parse => List(console, parse.GetValue(path)!));
        return command;
    }

    static int List(IAnsiConsole console, string path)
    {
        var table = new Table().AddColumns("Notebook", "Title", "Parameters (--set name=value)");
        try
        {
            foreach (string nb in NotebookBatch.Find(path))
            {
                var doc = NotebookDocument.Load(nb);
                string parameters = doc.Cells.FirstOrDefault(c => c.HasTag(ParameterInjector.ParametersTag))?.Source.Trim() ?? "";
                table.AddRow(new Text(Path.GetFileName(nb)), new Text(doc.Title), new Text(parameters));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or NotebookFormatException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
        console.Write(table);
        return 0;
    }
}
