namespace Workbench.Cli.Runner;

/// <summary>The helpers a cell calls unqualified, as in the real C# kernel, whose first hidden submission is
/// <c>using static Microsoft.DotNet.Interactive.Kernel;</c>. Ours is <c>using static Workbench.Cli.Runner.KernelHelpers;</c>.
/// Names and signatures match the kernel's so a notebook runs unchanged in both.</summary>
public static class KernelHelpers
{
    /// <summary>Shows <paramref name="value"/> below the cell and returns a handle whose Update() replaces it.
    /// Optional MIME types restrict the formats published (e.g. "text/plain").</summary>
    public static DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var sink = CellOutputSink.Current
                   ?? throw new InvalidOperationException("display() can only be called while a notebook cell runs.");
        return sink.Display(value, mimeTypes);
    }

    /// <summary>Marks a string as HTML so it is displayed as text/html, like the kernel's HTML(string).</summary>
    public static HtmlString HTML(string content) => new(content);
}

/// <summary>Raw HTML content (the kernel returns an IHtmlContent); displayed as text/html.</summary>
public sealed class HtmlString(string value)
{
    public string Value { get; } = value;
    public override string ToString() => Value;
}

/// <summary>The handle returned by display(): Update() replaces the displayed output in place, even from a
/// later cell, as the kernel's DisplayedValue does.</summary>
public sealed class DisplayedValue
{
    readonly DisplayDataOutput _output;
    readonly DisplayFormatter _formatter;
    readonly string[] _mimeTypes;

    internal DisplayedValue(DisplayDataOutput output, DisplayFormatter formatter, string[] mimeTypes)
    {
        _output = output;
        _formatter = formatter;
        _mimeTypes = mimeTypes;
    }

    public void Update(object? value) => _output.Data = _formatter.Format(value, _mimeTypes);
}
