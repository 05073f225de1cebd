namespace Workbench.Cli.Runner;

/// <summary>Collects the outputs of the cell that is running, in order. The current sink flows with the
/// cell's async context, so display() and Console writes from the cell (and tasks it starts) land here
/// while other runs in the same process stay separate.</summary>
internal sealed class CellOutputSink(DisplayFormatter formatter)
{
    static readonly AsyncLocal<CellOutputSink?> current = new();
    readonly List<CellOutput> _outputs = [];
    readonly object _gate = new();

    public static CellOutputSink? Current
    {
        get => current.Value;
        set => current.Value = value;
    }

    public IReadOnlyList<CellOutput> Outputs
    {
        get { lock (_gate) return _outputs.ToArray(); }
    }

    public bool HasDisplayData
    {
        get { lock (_gate) return _outputs.Any(o => o is DisplayDataOutput); }
    }

    /// <summary>Consecutive writes to the same stream join into one stream output, as Jupyter shows them.</summary>
    public void Write(string streamName, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            if (_outputs.LastOrDefault() is StreamOutput s && s.Name == streamName) s.Buffer.Append(text);
            else
            {
                var stream = new StreamOutput(streamName);
                stream.Buffer.Append(text);
                _outputs.Add(stream);
            }
        }
    }

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var output = new DisplayDataOutput(formatter.Format(value, mimeTypes));
        lock (_gate) _outputs.Add(output);
        return new DisplayedValue(output, formatter, mimeTypes);
    }

    public void Add(CellOutput output)
    {
        lock (_gate) _outputs.Add(output);
    }
}
