using Spectre.Console;
using Workbench.Checkpoints;

namespace Workbench.Cli.Training;

/// <summary>How train, sample and score report bad input: one red line with the message (which names the file,
/// setting or line) and exit code 2.</summary>
public static class CommandErrors
{
    public const int BadInput = 2;

    /// <summary>Errors that mean the input cannot be used, as opposed to a bug: bad settings, files, data or checkpoints.</summary>
    public static bool IsInputError(Exception e) => e is CommandError or CheckpointFormatException or InvalidDataException
        or FileNotFoundException or DirectoryNotFoundException or ArgumentException or UnauthorizedAccessException;

    public static int Report(IAnsiConsole console, Exception e)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        return BadInput;
    }
}
