using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Workbench.Cli.Runner;

/// <summary>Builds error outputs whose first traceback line says "Cell N, line L" so a reader finds the
/// failing line without counting.</summary>
internal static class ErrorOutputs
{
    public static ErrorOutput CompileErrors(IReadOnlyList<Diagnostic> errors, int cellNumber)
    {
        // Diagnostic spans are relative to the submission, which is the cell's own text.
        var lines = errors.Select(d =>
        {
            var pos = d.Location.GetLineSpan().StartLinePosition;
            return (Line: pos.Line + 1,
                    Text: $"({pos.Line + 1},{pos.Character + 1}): error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
        }).ToArray();
        int first = lines.Length > 0 ? lines[0].Line : 1;
        return new ErrorOutput("CompilationError", string.Join("\n", lines.Select(l => l.Text)),
            [$"Cell {cellNumber}, line {first}: the cell does not compile", .. lines.Select(l => l.Text)]);
    }

    public static ErrorOutput Exception(Exception e, int cellNumber, string submissionPath, string baseDirectory)
    {
        int? line = new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() == submissionPath)?.GetFileLineNumber();
        string where = line is > 0 ? $"Cell {cellNumber}, line {line}" : $"Cell {cellNumber}";
        var stack = (e.StackTrace ?? "").Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !IsRunnerPlumbing(l))
            .Select(l => l.Replace(baseDirectory + Path.DirectorySeparatorChar, ""));
        return new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message,
            [$"{where}: {e.GetType().FullName}: {e.Message}", .. stack, .. Inner(e)]);
    }

    static IEnumerable<string> Inner(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            yield return $" ---> {inner.GetType().FullName}: {inner.Message}";
    }

    static bool IsRunnerPlumbing(string frame) =>
        frame.Contains("Microsoft.CodeAnalysis.Scripting") ||
        frame.Contains("System.Runtime.CompilerServices") ||
        frame.Contains("System.Runtime.ExceptionServices") ||
        frame.Contains("--- End of stack trace");

    public static ErrorOutput Rejected(string problem, int cellNumber) =>
        new("UnsupportedCell", problem, [$"Cell {cellNumber}, {problem}"]);
}
