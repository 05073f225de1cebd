using System.Text;

namespace Workbench.Cli.Runner;

/// <summary>Console.Out/Error replacement installed once per process: text written while a cell runs goes to
/// that cell's sink as a stdout/stderr stream output; anything else goes to the real console. Routing by
/// async context (not by swapping Console.Out per cell) keeps concurrent runs and progress bars apart.</summary>
internal sealed class ConsoleRouter : TextWriter
{
    static readonly object gate = new();
    static bool installed;

    readonly TextWriter _fallback;
    readonly string _streamName;

    ConsoleRouter(TextWriter fallback, string streamName)
    {
        _fallback = fallback;
        _streamName = streamName;
    }

    public override Encoding Encoding => _fallback.Encoding;

    public static void Install()
    {
        lock (gate)
        {
            if (installed) return;
            Console.SetOut(new ConsoleRouter(Console.Out, "stdout"));
            Console.SetError(new ConsoleRouter(Console.Error, "stderr"));
            installed = true;
        }
    }

    void Route(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (CellOutputSink.Current is { } sink) sink.Write(_streamName, text);
        else _fallback.Write(text);
    }

    public override void Write(char value) => Route(value.ToString());
    public override void Write(string? value) => Route(value);
    public override void Write(char[] buffer, int index, int count) => Route(new string(buffer, index, count));
    public override void WriteLine(string? value) => Route(value + NewLine);
    public override void WriteLine() => Route(NewLine);

    public override void Flush()
    {
        if (CellOutputSink.Current is null) _fallback.Flush();
    }
}
