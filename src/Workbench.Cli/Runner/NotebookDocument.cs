using Workbench.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Cli.Runner;

/// <summary>A Polyglot C# notebook (.ipynb, nbformat 4) read into a JSON tree. Only cells, outputs and
/// execution counts are edited; every other field (unknown metadata included) is written back unchanged.</summary>
public sealed class NotebookDocument
{
    static readonly JsonSerializerOptions WriteOptions = new()
    {
        // Jupyter's own layout (indent 1, raw non-ASCII) so executed notebooks diff cleanly against saved ones.
        WriteIndented = true,
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    readonly JsonObject _root;

    NotebookDocument(string path, JsonObject root, string defaultKernel)
    {
        Path = path;
        _root = root;
        DefaultKernel = defaultKernel;
    }

    public string Path { get; }

    /// <summary>The kernel of cells that name none, e.g. "csharp".</summary>
    public string DefaultKernel { get; }

    public IReadOnlyList<NotebookCell> Cells =>
        CellsArray.Select(c => new NotebookCell((JsonObject)c!)).ToArray();

    JsonArray CellsArray => (JsonArray)_root["cells"]!;

    public static NotebookDocument Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(path, $"cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static NotebookDocument Parse(string json, string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new NotebookFormatException(path,
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): an .ipynb notebook is a JSON document", e);
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException(path, "is not a notebook: the top-level JSON value must be an object");

        int nbformat = ReadInt(root, "nbformat", path);
        if (nbformat != 4)
            throw new NotebookFormatException(path,
                $"has nbformat {nbformat}; only nbformat 4 is supported (open and save it in VS Code or Jupyter to upgrade)");
        if (root["cells"] is not JsonArray cells)
            throw new NotebookFormatException(path, "has no \"cells\" list");
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
            if (cell is not JsonObject o || o["cell_type"] is null)
                throw new NotebookFormatException(path, $"cell {i + 1} is not an object with a \"cell_type\"");

        string defaultKernel = ReadDefaultKernel(root, path);
        var doc = new NotebookDocument(path, root, defaultKernel);
        doc.UpgradeToMinor5();
        return doc;
    }

    static int ReadInt(JsonObject root, string name, string path)
    {
        if (root[name] is JsonValue v && v.TryGetValue<int>(out int n)) return n;
        throw new NotebookFormatException(path, $"has no integer \"{name}\" field; is this an .ipynb notebook?");
    }

    /// <summary>VS Code treats a notebook as Polyglot when kernelspec.name starts with ".net-"; the default
    /// kernel is polyglot_notebook.kernelInfo.defaultKernelName, else the rest of the kernelspec name.</summary>
    static string ReadDefaultKernel(JsonObject root, string path)
    {
        var metadata = root["metadata"] as JsonObject;
        string? specName = metadata?["kernelspec"]?["name"]?.GetValue<string>();
        if (specName is null)
            throw new NotebookFormatException(path,
                "has no metadata.kernelspec.name; a C# Polyglot notebook has kernelspec name \".net-csharp\"");
        if (!specName.StartsWith(".net-", StringComparison.Ordinal))
            throw new NotebookFormatException(path,
                $"uses kernel \"{specName}\", not a .NET Polyglot kernel; the runner executes C# notebooks (kernelspec \".net-csharp\")");
        string kernel = metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>()
                        ?? specName[".net-".Length..];
        if (kernel != "csharp")
            throw new NotebookFormatException(path,
                $"has default kernel \"{kernel}\"; the runner executes C# notebooks (default kernel \"csharp\")");
        return kernel;
    }

    /// <summary>nbformat 4.5 requires an id on every cell. Missing ids get deterministic ones (from the cell's
    /// position) so the same input always gives the same executed notebook.</summary>
    void UpgradeToMinor5()
    {
        _root["nbformat_minor"] = Math.Max(5, _root["nbformat_minor"]?.GetValue<int>() ?? 0);
        var cells = Cells;
        var taken = cells.Select(c => c.Id).Where(id => id is not null).ToHashSet();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i].Id is { Length: > 0 }) continue;
            string id = $"cell-{i + 1}";
            for (int k = 2; taken.Contains(id); k++) id = $"cell-{i + 1}-{k}";
            taken.Add(id);
            cells[i].Id = id;
        }
    }

    public void Insert(int index, NotebookCell cell) => CellsArray.Insert(index, cell.Json);

    public void RemoveAt(int index) => CellsArray.RemoveAt(index);

    /// <summary>The first markdown heading, else the file name: used as the report's title.</summary>
    public string Title =>
        Cells.Where(c => c.CellType == "markdown")
             .SelectMany(c => c.Source.Split('\n'))
             .Select(l => l.Trim())
             .FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    public string ToJson() => _root.ToJsonString(WriteOptions) + "\n";

    /// <summary>Writes the notebook atomically (temporary file in the same folder, then a rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
