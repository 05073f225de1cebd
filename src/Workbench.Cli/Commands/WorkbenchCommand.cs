using System.CommandLine;
using Spectre.Console;

namespace Workbench.Cli.Commands;

/// <summary>The <c>workbench</c> command line: run and list notebooks.</summary>
public static class WorkbenchCommand
{
    /// <param name="console">Where output goes; default: standard output, plain when it is not a terminal.</param>
    public static RootCommand Create(IAnsiConsole? console = null)
    {
        var root = new RootCommand(
            "Sequence-model workbench: runs the C# Polyglot notebooks headless and writes reports.\n\n" +
            "Examples (from the repository root):\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks            run every notebook, reports in figures/\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks --quick    same, with small budgets (quick=true)\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks/00-tour.ipynb --set seed=7\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- list                     notebooks and their parameters\n\n" +
            "Open figures/index.html to browse the reports (chart images are in figures/<notebook>/). The same notebooks open unchanged in VS Code with the\n" +
            "Polyglot Notebooks extension (see notebooks/README.md).");
        console ??= CliConsole.ForStandardOutput();
        root.Add(RunCommand.Create(console));
        root.Add(ListCommand.Create(console));
        foreach (var c in new[] { TrainCommand.Create(console), SampleCommand.Create(console), ScoreCommand.Create(console) }) root.Add(c);
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, IAnsiConsole? console = null) =>
        Create(console).Parse(args).InvokeAsync();
}
