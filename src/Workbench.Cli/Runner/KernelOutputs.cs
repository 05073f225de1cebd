using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Cli.Runner;

/// <summary>Turns the kernel's events for each cell into nbformat outputs, as VS Code's Polyglot extension turns
/// them into cell outputs: stdout/stderr text joins the previous output of the same stream, a display or a return
/// value becomes display_data (a MIME bundle), a failed command becomes an error naming the cell and line.
/// Compiler warnings are not outputs (VS Code shows them as squiggles in the editor), so assembly-binding warnings
/// such as CS1701/CS1702 about the kernel's own references never reach a notebook or report.
/// <para>Display updates. VS Code replaces the output whose id is the update's value id. In this kernel build the
/// handle that <c>display(...)</c> returns is not the object whose id the display was published under (Formatting's
/// DisplayExtensions.Display raises one DisplayedValue and returns another), so the first update of a handle
/// arrives with an id no output has. Such an id is bound, once, to the most recent display that no update has
/// claimed yet and that has the same MIME types (the display the handle came from, in the progress pattern
/// <c>var p = display(...); ... p.Update(...)</c>), and every later update with that id replaces the same output,
/// even from a later cell. An id that matches a display directly (a kernel with the bug fixed) replaces it.</para></summary>
internal sealed class KernelOutputs(
    Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? enrich)
{
    readonly Dictionary<string, DisplayDataOutput> _byValueId = new(StringComparer.Ordinal);
    readonly List<DisplayDataOutput> _unclaimed = [];

    /// <summary>The outputs of one cell, in order; display updates may also change earlier cells' outputs.</summary>
    public IReadOnlyList<CellOutput> ForCell(IEnumerable<KernelEvent> events, CellLocation cell)
    {
        var outputs = new List<CellOutput>();
        var errors = new List<Microsoft.DotNet.Interactive.Diagnostic>();
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced o:
                    AppendStream(outputs, "stdout", o);
                    break;
                case StandardErrorValueProduced o:
                    AppendStream(outputs, "stderr", o);
                    break;
                case DisplayedValueUpdated u:
                    Update(outputs, u);
                    break;
                case DisplayedValueProduced d:
                    if (Bundle(d) is not { } shown) break;
                    outputs.Add(shown);
                    if (d.ValueId is { } id) _byValueId[id] = shown;
                    _unclaimed.Add(shown);
                    break;
                case ReturnValueProduced r:
                    // VS Code saves a return value as display_data, like any display.
                    if (Bundle(r) is { } value) outputs.Add(value);
                    break;
                case DiagnosticsProduced diagnostics:
                    errors.AddRange(diagnostics.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
                    break;
                case CommandFailed failed:
                    outputs.Add(ErrorOutputs.Failed(failed, errors, cell));
                    break;
                case ErrorProduced error:
                    outputs.Add(ErrorOutputs.Reported(error.Message, cell));
                    break;
            }
        }
        return outputs;
    }

    static void AppendStream(List<CellOutput> outputs, string name, DisplayEvent e)
    {
        string text = string.Concat(e.FormattedValues.Select(v => v.Value));
        if (text.Length == 0) return;
        if (outputs.LastOrDefault() is StreamOutput s && s.Name == name) s.Buffer.Append(text);
        else
        {
            var stream = new StreamOutput(name);
            stream.Buffer.Append(text);
            outputs.Add(stream);
        }
    }

    void Update(List<CellOutput> outputs, DisplayedValueUpdated u)
    {
        if (Bundle(u) is not { } updated) return;
        if (u.ValueId is not { } id) { outputs.Add(updated); return; }
        if (!_byValueId.TryGetValue(id, out var target))
        {
            var mimeTypes = updated.Data.Keys.Where(IsFormatted).Order(StringComparer.Ordinal);
            int i = _unclaimed.FindLastIndex(o =>
                o.Data.Keys.Where(IsFormatted).Order(StringComparer.Ordinal).SequenceEqual(mimeTypes));
            if (i < 0)
            {
                // Nothing to update: show it where it happened, as VS Code does with an unknown id.
                _byValueId[id] = updated;
                outputs.Add(updated);
                return;
            }
            target = _byValueId[id] = _unclaimed[i];
            _unclaimed.RemoveAt(i);
        }
        target.Data = updated.Data;
        _unclaimed.Remove(target);
    }

    // The formats the kernel produced (the runner may add image/png to a chart's bundle).
    static bool IsFormatted(string mime) => mime != Reports.ChartImages.PngMime;

    DisplayDataOutput? Bundle(DisplayEvent e)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in e.FormattedValues)
            if (!v.SuppressDisplay) bundle.TryAdd(v.MimeType, v.Value ?? "");
        if (bundle.Count == 0) return null;
        IReadOnlyDictionary<string, string> data = bundle;
        if (enrich is not null) data = enrich(e.Value, data);
        return new DisplayDataOutput(data);
    }
}

/// <summary>Where a cell is: its 1-based number in the executed notebook, the file name its stack frames carry,
/// and the notebook's folder (removed from paths in tracebacks).</summary>
internal sealed record CellLocation(int Number, string SourcePath, string Folder);
