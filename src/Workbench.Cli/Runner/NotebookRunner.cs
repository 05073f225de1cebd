using System.Diagnostics;

namespace Workbench.Cli.Runner;

/// <summary>How to run a notebook.</summary>
public sealed record RunOptions
{
    /// <summary>Overrides for the cell tagged "parameters" (papermill's convention).</summary>
    public IReadOnlyList<NotebookParameter> Parameters { get; init; } = [];

    /// <summary>Stop at the first failing cell (later cells keep no outputs and no execution count);
    /// otherwise run every cell, as VS Code's Run All and dotnet-repl do.</summary>
    public bool StopOnFirstFailure { get; init; }

    /// <summary>Called with each displayed value and its MIME bundle; may change the bundle (the batch run
    /// references plotly.js instead of inlining it and adds a PNG fallback to charts).</summary>
    public Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? Enrich { get; init; }

    /// <summary>Reports each code cell as it starts: (cell number, number of cells).</summary>
    public Action<int, int>? OnCellStarting { get; init; }
}

/// <summary>A cell that failed: its 1-based position in the executed notebook, its id and the error.</summary>
public sealed record CellFailure(int CellNumber, string CellId, ErrorOutput Error)
{
    public override string ToString() => $"{Error.Traceback[0]} (cell id {CellId})";
}

public sealed record NotebookRunResult(
    NotebookDocument Notebook,
    IReadOnlyList<CellFailure> Failures,
    IReadOnlyList<string> Warnings,
    int CellsRun,
    TimeSpan Elapsed)
{
    public bool Succeeded => Failures.Count == 0;
}

/// <summary>Executes a C# Polyglot notebook in the real .NET Interactive kernel (<see cref="NotebookKernel"/>),
/// cell by cell, as VS Code's Run All does, filling each code cell's outputs and execution count.</summary>
public static class NotebookRunner
{
    // The current directory is the notebook's folder while it runs (as under VS Code); that is process-wide,
    // so runs in one process take turns.
    static readonly SemaphoreSlim oneRunAtATime = new(1, 1);

    public static async Task<NotebookRunResult> RunAsync(string path, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var doc = NotebookDocument.Load(path);
        var warnings = ParameterInjector.Inject(doc, options.Parameters);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string stem = Path.GetFileNameWithoutExtension(path);

        await oneRunAtATime.WaitAsync();
        string previousDirectory = Environment.CurrentDirectory;
        var clock = Stopwatch.StartNew();
        try
        {
            Environment.CurrentDirectory = folder;
            using var kernel = new NotebookKernel();
            var mapper = new KernelOutputs(options.Enrich);
            var failures = new List<CellFailure>();
            var cells = doc.Cells;
            // Outputs stay live objects until the end: a display handle may update an earlier cell's output.
            var results = new List<(NotebookCell Cell, int Count, IReadOnlyList<CellOutput> Outputs)>();
            int executionCount = 0, codeCells = cells.Count(c => c.IsCode), started = 0;
            for (int i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (!cell.IsCode) continue;
                if (options.StopOnFirstFailure && failures.Count > 0)
                {
                    cell.SetResult(null, []);
                    continue;
                }
                options.OnCellStarting?.Invoke(++started, codeCells);
                var location = new CellLocation(i + 1, Path.Combine(folder, $"{stem}.cell{i + 1}.csx"), folder);
                IReadOnlyList<CellOutput> outputs;
                if (cell.KernelName != NotebookKernel.Name)
                    outputs = [ErrorOutputs.Rejected(
                        $"line 1: the cell's kernel is \"{cell.KernelName}\"; the runner executes C# cells only", location.Number)];
                else
                    outputs = mapper.ForCell((await kernel.SubmitAsync(cell.Source, location.SourcePath)).Events, location);
                results.Add((cell, ++executionCount, outputs));
                if (outputs.OfType<ErrorOutput>().FirstOrDefault() is { } error)
                    failures.Add(new CellFailure(i + 1, cell.Id ?? "", error));
            }
            foreach (var (cell, count, outputs) in results) cell.SetResult(count, outputs);
            StableIds.Renumber(doc);
            return new NotebookRunResult(doc, failures, warnings, executionCount, clock.Elapsed);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            oneRunAtATime.Release();
        }
    }
}
