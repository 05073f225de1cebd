using System.Text.Json.Nodes;

namespace Workbench.Cli.Runner;

/// <summary>A view over one cell's JSON; edits go straight into the document so unknown fields survive.</summary>
public sealed class NotebookCell(JsonObject json)
{
    internal JsonObject Json { get; } = json;

    public string CellType => Json["cell_type"]?.GetValue<string>() ?? "";
    public bool IsCode => CellType == "code";

    public string? Id
    {
        get => Json["id"]?.GetValue<string>();
        set => Json["id"] = value;
    }

    public string Source
    {
        get => MultilineString.Read(Json["source"]);
        set => Json["source"] = MultilineString.Write(value);
    }

    public IReadOnlyList<string> Tags =>
        (Json["metadata"]?["tags"] as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").ToArray() ?? [];

    public bool HasTag(string tag) => Tags.Contains(tag);

    /// <summary>The cell's kernel as the Polyglot reader picks it: polyglot_notebook.kernelName, then
    /// dotnet_interactive.language, then the notebook's default.</summary>
    public string KernelName(string defaultKernel) =>
        Json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
        ?? Json["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
        ?? defaultKernel;

    public void SetResult(int? executionCount, IEnumerable<CellOutput> outputs)
    {
        Json["execution_count"] = executionCount;
        Json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o.ToJson()).ToArray());
    }

    /// <summary>The outputs as stored in the JSON (what the report renders).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? [];

    public static NotebookCell NewCode(string id, string source, params string[] tags)
    {
        var json = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = id,
            ["metadata"] = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            },
            ["outputs"] = new JsonArray(),
        };
        return new NotebookCell(json) { Source = source };
    }
}
