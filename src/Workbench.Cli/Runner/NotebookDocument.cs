using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbench.IO;

namespace Workbench.Cli.Runner;

/// <summary>A C# Polyglot notebook (.ipynb, nbformat 4), read and written by .NET Interactive's own document
/// model (Microsoft.DotNet.Interactive.Documents, the reader and writer behind VS Code's Polyglot Notebooks).
/// Before parsing, the file is checked for what the runner needs (JSON, nbformat 4, a C# .NET kernelspec) so a bad
/// file gets one clear <see cref="NotebookFormatException"/> naming it.</summary>
public sealed class NotebookDocument
{
    // The kernels a notebook's cells may name; "csharp" is the default, as in the kernelspec ".net-csharp".
    static readonly KernelInfoCollection kernelInfos = new()
    {
        new KernelInfo("csharp", "C#", ["c#", "C#"]),
        new KernelInfo("fsharp", "F#", ["f#", "F#"]),
        new KernelInfo("pwsh", "PowerShell", ["powershell"]),
        new KernelInfo("html", "HTML"),
        new KernelInfo("javascript", "JavaScript", ["js"]),
        new KernelInfo("markdown", "Markdown", ["md"]),
    };

    readonly InteractiveDocument _document;

    NotebookDocument(string path, InteractiveDocument document)
    {
        Path = path;
        _document = document;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Cells => _document.Elements.Select(e => new NotebookCell(e)).ToArray();

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
        Check(json, path);
        InteractiveDocument document;
        try { document = Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook.Parse(json, kernelInfos); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new NotebookFormatException(path, $"is not a notebook the .NET Interactive reader accepts: {e.Message}", e);
        }
        var doc = new NotebookDocument(path, document);
        doc.GiveEveryCellAnId();
        return doc;
    }

    /// <summary>What the runner needs before handing the file to the reader: JSON, nbformat 4, every cell an
    /// object with a cell_type, and a C# .NET kernelspec (VS Code treats a notebook as Polyglot when
    /// kernelspec.name starts with ".net-"; its default kernel is polyglot_notebook.kernelInfo.defaultKernelName,
    /// else the rest of the kernelspec name).</summary>
    static void Check(string json, string path)
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
        if (root["nbformat"] is not JsonValue v || !v.TryGetValue<int>(out int nbformat))
            throw new NotebookFormatException(path, "has no integer \"nbformat\" field; is this an .ipynb notebook?");
        if (nbformat != 4)
            throw new NotebookFormatException(path,
                $"has nbformat {nbformat}; only nbformat 4 is supported (open and save it in VS Code or Jupyter to upgrade)");
        if (root["cells"] is not JsonArray cells)
            throw new NotebookFormatException(path, "has no \"cells\" list");
        for (int i = 0; i < cells.Count; i++)
            if (cells[i] is not JsonObject o || o["cell_type"] is null)
                throw new NotebookFormatException(path, $"cell {i + 1} is not an object with a \"cell_type\"");

        var metadata = root["metadata"] as JsonObject;
        string? specName = (metadata?["kernelspec"]?["name"] as JsonValue)?.GetValue<string>();
        if (specName is null)
            throw new NotebookFormatException(path,
                "has no metadata.kernelspec.name; a C# Polyglot notebook has kernelspec name \".net-csharp\"");
        if (!specName.StartsWith(".net-", StringComparison.Ordinal))
            throw new NotebookFormatException(path,
                $"uses kernel \"{specName}\", not a .NET Polyglot kernel; the runner executes C# notebooks (kernelspec \".net-csharp\")");
        string kernel = (metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] as JsonValue)?.GetValue<string>()
                        ?? specName[".net-".Length..];
        if (kernel != "csharp")
            throw new NotebookFormatException(path,
                $"has default kernel \"{kernel}\"; the runner executes C# notebooks (default kernel \"csharp\")");
    }

    /// <summary>nbformat 4.5 requires an id on every cell (the writer always writes 4.5). Missing ids get
    /// deterministic ones from the cell's position, so the same input always gives the same executed notebook.</summary>
    void GiveEveryCellAnId()
    {
        var elements = _document.Elements;
        var taken = elements.Select(e => e.Id).Where(id => id is not null).ToHashSet();
        for (int i = 0; i < elements.Count; i++)
        {
            if (elements[i].Id is { Length: > 0 }) continue;
            string id = $"cell-{i + 1}";
            for (int k = 2; taken.Contains(id); k++) id = $"cell-{i + 1}-{k}";
            taken.Add(id);
            elements[i].Id = id;
        }
    }

    public void Insert(int index, NotebookCell cell) => _document.Elements.Insert(index, cell.Element);

    public void RemoveAt(int index) => _document.Elements.RemoveAt(index);

    /// <summary>The first markdown heading, else the file name: used as the report's title.</summary>
    public string Title =>
        Cells.Where(c => c.IsMarkdown)
             .SelectMany(c => c.Source.Split('\n'))
             .Select(l => l.Trim())
             .FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The notebook as nbformat 4.5 JSON, written by .NET Interactive's Jupyter writer (Jupyter's
    /// one-space indent, lines as lists), with a final newline as Jupyter and VS Code save it.</summary>
    public string ToJson() => _document.ToJupyterJson() + "\n";

    /// <summary>Writes the notebook atomically (temporary file in the same folder, then a rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
