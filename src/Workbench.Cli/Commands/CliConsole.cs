using Spectre.Console;

namespace Workbench.Cli.Commands;

/// <summary>The console the commands write to. On a terminal Spectre.Console detects colours and live progress
/// bars; when stdout is redirected (CI logs, a file, a pipe) output is plain lines without ANSI escape codes,
/// even where TERM or CI variables would make Spectre's detection turn them on.</summary>
public static class CliConsole
{
    public static IAnsiConsole ForStandardOutput() => Create(Console.Out, isTerminal: !Console.IsOutputRedirected);

    // Spectre wraps redirected output at 80 columns; log lines (paths, errors) read better unbroken.
    const int RedirectedWidth = 400;

    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
