using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Workbench.Cli.Runner;

/// <summary>Builds error outputs whose first traceback line says "Cell N, line L" so a reader finds the
/// failing line without counting.</summary>
internal static class ErrorOutputs
{
    /// <summary>A failed SubmitCode: a cell that does not compile (the kernel's error diagnostics, positions
    /// relative to the cell), an exception thrown by the cell, or another failure the kernel reports.</summary>
    public static ErrorOutput Failed(CommandFailed failed, IReadOnlyList<Microsoft.DotNet.Interactive.Diagnostic> errors, CellLocation cell)
    {
        if (failed.Exception is CodeSubmissionCompilationErrorException || (failed.Exception is null && errors.Count > 0))
            return CompileErrors(errors, failed.Message, cell.Number);
        if (failed.Exception is { } e)
            return Exception(e, cell);
        return Reported(failed.Message, cell);
    }

    public static ErrorOutput CompileErrors(IReadOnlyList<Microsoft.DotNet.Interactive.Diagnostic> errors, string message, int cellNumber)
    {
        var lines = errors.Select(d =>
        {
            var start = d.LinePositionSpan.Start;
            return (Line: start.Line + 1, Text: $"({start.Line + 1},{start.Character + 1}): error {d.Code}: {d.Message}{Hint(d)}");
        }).ToArray();
        if (lines.Length == 0) lines = [(1, message)];
        return new ErrorOutput("CompilationError", string.Join("\n", lines.Select(l => l.Text)),
            [$"Cell {cellNumber}, line {lines[0].Line}: the cell does not compile", .. lines.Select(l => l.Text)]);
    }

    // The runner works offline: say so where the kernel only says the "metadata file" is missing.
    static string Hint(Microsoft.DotNet.Interactive.Diagnostic d) =>
        d.Code == "CS0006" && d.Message.Contains("'nuget:", StringComparison.OrdinalIgnoreCase)
            ? " (NuGet references are not available to the notebooks, which run offline: reference the built library, " +
              "#r \"../artifacts/bin/Workbench/release/Workbench.dll\"; notebooks/README.md has the contract)"
            : "";

    public static ErrorOutput Exception(Exception e, CellLocation cell)
    {
        int? line = new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() == cell.SourcePath)?.GetFileLineNumber();
        string where = line is > 0 ? $"Cell {cell.Number}, line {line}" : $"Cell {cell.Number}";
        var stack = (e.StackTrace ?? "").Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !IsKernelPlumbing(l))
            .Select(l => l.Replace(cell.Folder + Path.DirectorySeparatorChar, ""));
        return new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message,
            [$"{where}: {e.GetType().FullName}: {e.Message}", .. stack, .. Inner(e)]);
    }

    public static ErrorOutput Reported(string message, CellLocation cell) =>
        new("Error", message, [$"Cell {cell.Number}: {message}"]);

    static IEnumerable<string> Inner(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            yield return $" ---> {inner.GetType().FullName}: {inner.Message}";
    }

    static bool IsKernelPlumbing(string frame) =>
        frame.Contains("Microsoft.CodeAnalysis.Scripting") ||
        frame.Contains("Microsoft.DotNet.Interactive") ||
        frame.Contains("System.Runtime.CompilerServices") ||
        frame.Contains("System.Runtime.ExceptionServices") ||
        frame.Contains("--- End of stack trace");

    public static ErrorOutput Rejected(string problem, int cellNumber) =>
        new("UnsupportedCell", problem, [$"Cell {cellNumber}, {problem}"]);
}
