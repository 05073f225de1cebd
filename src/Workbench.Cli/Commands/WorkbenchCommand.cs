using System.CommandLine;

namespace Workbench.Cli.Commands;

/// <summary>The <c>workbench</c> command line: run and list notebooks.</summary>
public static class WorkbenchCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Sequence-model workbench: runs the C# Polyglot notebooks headless and writes reports.\n\n" +
            "Examples (from the repository root):\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks            run every notebook, reports in figures/\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks --quick    same, with small budgets (quick=true)\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- run notebooks/00-tour.ipynb --set seed=7\n" +
            "  dotnet run --project src/Workbench.Cli -c Release -- list                     notebooks and their parameters\n\n" +
            "Open figures/index.html to browse the reports. The same notebooks open unchanged in VS Code with the\n" +
            "Polyglot Notebooks extension (see notebooks/README.md).");
        root.Add(RunCommand.Create());
        root.Add(ListCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args) => Create().Parse(args).InvokeAsync();
}
