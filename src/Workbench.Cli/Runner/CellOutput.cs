using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Cli.Runner;

/// <summary>One nbformat output of a code cell.</summary>
public abstract class CellOutput
{
    public abstract JsonObject ToJson();
}

/// <summary>Text written to Console.Out (name "stdout") or Console.Error (name "stderr").</summary>
public sealed class StreamOutput(string name) : CellOutput
{
    public string Name { get; } = name;
    internal StringBuilder Buffer { get; } = new();
    public string Text => Buffer.ToString();

    public override JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["output_type"] = "stream",
        ["text"] = MultilineString.Write(Text),
    };
}

/// <summary>A displayed value as a MIME bundle (mime type -> text). Mutable because a display handle's
/// Update() replaces the bundle in place, as the real kernel replaces the displayed output.</summary>
public sealed class DisplayDataOutput(IReadOnlyDictionary<string, string> data) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; internal set; } = data;

    public override JsonObject ToJson()
    {
        var data = new JsonObject();
        foreach (var (mime, text) in Data) data[mime] = MultilineString.Write(text);
        return new JsonObject { ["data"] = data, ["metadata"] = new JsonObject(), ["output_type"] = "display_data" };
    }
}

/// <summary>A failed cell: an exception or a compile error. The traceback's first line names the cell and line.</summary>
public sealed class ErrorOutput(string ename, string evalue, IReadOnlyList<string> traceback) : CellOutput
{
    public string EName { get; } = ename;
    public string EValue { get; } = evalue;
    public IReadOnlyList<string> Traceback { get; } = traceback;

    public override JsonObject ToJson() => new()
    {
        ["ename"] = EName,
        ["evalue"] = EValue,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
    };
}
