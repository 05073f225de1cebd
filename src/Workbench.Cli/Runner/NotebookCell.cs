using Microsoft.DotNet.Interactive.Documents;

namespace Workbench.Cli.Runner;

/// <summary>A view over one cell of the document; edits go straight into it so unknown metadata survives.</summary>
public sealed class NotebookCell(InteractiveDocumentElement element)
{
    internal InteractiveDocumentElement Element { get; } = element;

    public bool IsMarkdown => Element.KernelName == "markdown";
    public bool IsCode => !IsMarkdown;

    public string? Id
    {
        get => Element.Id;
        set => Element.Id = value;
    }

    public string Source
    {
        get => Element.Contents;
        set => Element.Contents = value;
    }

    /// <summary>The cell's kernel as the Polyglot reader resolved it (polyglot_notebook.kernelName, then
    /// dotnet_interactive.language, then the notebook's default), e.g. "csharp".</summary>
    public string KernelName => Element.KernelName ?? "csharp";

    public IReadOnlyList<string> Tags =>
        Element.Metadata?.TryGetValue("tags", out var tags) == true && tags is IEnumerable<object?> list
            ? list.OfType<string>().ToArray()
            : [];

    public bool HasTag(string tag) => Tags.Contains(tag);

    /// <summary>The execution count: null for a cell that did not run.</summary>
    public int? ExecutionCount => IsCode && Element.ExecutionOrder > 0 ? Element.ExecutionOrder : null;

    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => Element.Outputs;

    public void SetResult(int? executionCount, IEnumerable<CellOutput> outputs)
    {
        Element.ExecutionOrder = executionCount ?? 0;
        Element.Outputs.Clear();
        Element.Outputs.AddRange(outputs.Select(o => o.ToElement()));
    }

    public static NotebookCell NewCode(string id, string source, params string[] tags) =>
        new(new InteractiveDocumentElement(source, "csharp")
        {
            Id = id,
            Metadata = new Dictionary<string, object> { ["tags"] = tags.Cast<object>().ToArray() },
        });
}
