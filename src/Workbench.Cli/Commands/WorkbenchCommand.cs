namespace Workbench.Cli.Commands;

public static class WorkbenchCommand
{
    public static Task<int> InvokeAsync(string[] args) => Task.FromResult(0);
}
