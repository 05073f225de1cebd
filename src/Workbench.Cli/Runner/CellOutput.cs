using System.Text;
using Microsoft.DotNet.Interactive.Documents;

namespace Workbench.Cli.Runner;

/// <summary>One nbformat output of a code cell while the notebook runs (mutable: streams grow, displays are
/// updated); written into the document as .NET Interactive's output elements when the notebook is done.</summary>
public abstract class CellOutput
{
    public abstract InteractiveDocumentOutputElement ToElement();
}

/// <summary>Text written to Console.Out (name "stdout") or Console.Error (name "stderr").</summary>
public sealed class StreamOutput(string name) : CellOutput
{
    public string Name { get; } = name;
    internal StringBuilder Buffer { get; } = new();
    public string Text => Buffer.ToString();

    public override InteractiveDocumentOutputElement ToElement() => new TextElement(Text, Name);
}

/// <summary>A displayed value as a MIME bundle (mime type -> text). Mutable because a display handle's
/// Update() replaces the bundle in place, as VS Code replaces the displayed output.</summary>
public sealed class DisplayDataOutput(IReadOnlyDictionary<string, string> data) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; internal set; } = data;

    public override InteractiveDocumentOutputElement ToElement() =>
        new DisplayElement(Data.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
}

/// <summary>A failed cell: an exception or a compile error. The traceback's first line names the cell and line.</summary>
public sealed class ErrorOutput(string ename, string evalue, IReadOnlyList<string> traceback) : CellOutput
{
    public string EName { get; } = ename;
    public string EValue { get; } = evalue;
    public IReadOnlyList<string> Traceback { get; } = traceback;

    public override InteractiveDocumentOutputElement ToElement() => new ErrorElement(EValue, EName, Traceback.ToArray());
}
