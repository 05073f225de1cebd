using Workbench.Cli.Runner;
using Workbench.IO;

namespace Workbench.Cli.Reports;

/// <summary>What a batch run writes and how it runs each notebook.</summary>
public sealed record BatchOptions(string OutputFolder)
{
    public IReadOnlyList<NotebookParameter> Parameters { get; init; } = [];
    public bool StopOnFirstFailure { get; init; }

    /// <summary>Adds a static PNG to chart outputs (null: no images, e.g. without Chromium).</summary>
    public Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? ChartImages { get; init; }
}

/// <summary>One notebook's outcome: a run result, or the reason it could not run at all.</summary>
public sealed record BatchItem(string Notebook, NotebookRunResult? Result, string? Problem)
{
    public bool Succeeded => Result is { Succeeded: true };
}

/// <summary>Runs notebooks in order and writes, for each, the executed notebook, its chart images (a folder
/// named after the notebook, replaced as a whole) and its HTML report into the output folder (atomically),
/// then plotly.min.js, katex/ and index.html. A failed run still writes its notebook and report, which show the
/// errors; a notebook that cannot be read writes nothing and leaves old files alone.</summary>
public static class NotebookBatch
{
    public static async Task<IReadOnlyList<BatchItem>> RunAsync(
        IReadOnlyList<string> notebooks, BatchOptions options,
        Action<string, int, int>? onCell = null)
    {
        string output = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(output);
        StaleTemporaries.Clean(output);
        Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> enrich = (value, bundle) =>
        {
            bundle = PlotlyAssets.ShrinkBundle(bundle);
            return options.ChartImages is { } images ? images(value, bundle) : bundle;
        };
        var items = new List<BatchItem>();
        foreach (string notebook in notebooks)
        {
            string stem = Path.GetFileNameWithoutExtension(notebook);
            string executedPath = Path.Combine(output, stem + ".ipynb");
            if (Path.GetFullPath(notebook) == executedPath)
            {
                items.Add(new BatchItem(notebook, null,
                    $"{notebook}: the output folder is the notebook's own folder; choose another with --output"));
                continue;
            }
            try
            {
                var missing = ReferenceCheck.MissingReferences(NotebookDocument.Load(notebook));
                if (missing.Count > 0)
                {
                    items.Add(new BatchItem(notebook, null,
                        $"{notebook}: #r \"{missing[0]}\" does not exist (relative to the notebook). Build the library " +
                        "first: dotnet build src/Workbench -c Release (dotnet run --project src/Workbench.Cli -c Release builds it too)."));
                    continue;
                }
                var result = await NotebookRunner.RunAsync(notebook, new RunOptions
                {
                    Parameters = options.Parameters,
                    StopOnFirstFailure = options.StopOnFirstFailure,
                    Enrich = enrich,
                    OnCellStarting = (cell, total) => onCell?.Invoke(notebook, cell, total),
                });
                var figures = FigureFiles.Collect(result.Notebook, stem);
                string report = ReportWriter.Render(result, figures);
                result.Notebook.Save(executedPath);
                FigureFiles.Publish(output, stem, figures);
                AtomicFile.WriteAllText(Path.Combine(output, stem + ".html"), report);
                items.Add(new BatchItem(notebook, result, null));
            }
            catch (NotebookFormatException e)
            {
                items.Add(new BatchItem(notebook, null, e.Message));
            }
            catch (IOException e)   // an output that cannot be written (e.g. a folder the runner did not make)
            {
                items.Add(new BatchItem(notebook, null, $"{notebook}: its outputs could not be written: {e.Message}"));
            }
        }
        PlotlyAssets.EnsureScript(output);
        KatexAssets.EnsureFiles(output);
        IndexWriter.Write(output);
        return items;
    }

    /// <summary>The notebooks a path names: the file itself, or a folder's *.ipynb in name order (00-, 01-, ...).</summary>
    public static IReadOnlyList<string> Find(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such notebook or folder.");
        var found = Directory.EnumerateFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        if (found.Length == 0) throw new FileNotFoundException($"{path}: the folder holds no .ipynb notebooks.");
        return found;
    }
}
