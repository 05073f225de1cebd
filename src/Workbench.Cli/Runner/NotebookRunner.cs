using System.Diagnostics;

namespace Workbench.Cli.Runner;

/// <summary>How to run a notebook.</summary>
public sealed record RunOptions
{
    /// <summary>Overrides for the cell tagged "parameters" (papermill's convention).</summary>
    public IReadOnlyList<NotebookParameter> Parameters { get; init; } = [];

    /// <summary>Stop at the first failing cell (later cells keep no outputs and no execution count);
    /// otherwise run every cell, as dotnet-repl does.</summary>
    public bool StopOnFirstFailure { get; init; }

    /// <summary>Adds formats to displayed values (the CLI adds a PNG fallback for charts).</summary>
    public DisplayFormatter Formatter { get; init; } = new();

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

/// <summary>Executes a C# Polyglot notebook cell by cell as the .NET Interactive C# kernel does, filling
/// each code cell's outputs and execution count in the returned document.</summary>
public static class NotebookRunner
{
    // The kernel sets the process's current directory to the notebook's folder (so File paths in cells are
    // relative to the notebook); that is process-wide, so runs in one process take turns.
    static readonly SemaphoreSlim oneRunAtATime = new(1, 1);

    public static async Task<NotebookRunResult> RunAsync(string path, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var doc = NotebookDocument.Load(path);
        var warnings = ParameterInjector.Inject(doc, options.Parameters);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string stem = Path.GetFileNameWithoutExtension(path);

        ConsoleRouter.Install();
        await oneRunAtATime.WaitAsync();
        string previousDirectory = Environment.CurrentDirectory;
        var clock = Stopwatch.StartNew();
        try
        {
            Environment.CurrentDirectory = folder;
            var kernel = new ScriptKernel(folder);
            await kernel.InitializeAsync();

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
                var outputs = await RunCellAsync(kernel, cell, i + 1, $"{stem}.cell{i + 1}.csx", doc.DefaultKernel, folder, options.Formatter);
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

    static async Task<IReadOnlyList<CellOutput>> RunCellAsync(
        ScriptKernel kernel, NotebookCell cell, int cellNumber, string fileName, string defaultKernel,
        string folder, DisplayFormatter formatter)
    {
        var sink = new CellOutputSink(formatter);
        string cellKernel = cell.KernelName(defaultKernel);
        if (cellKernel is not ("csharp" or "C#"))
        {
            sink.Add(ErrorOutputs.Rejected(
                $"line 1: the cell's kernel is \"{cellKernel}\"; the runner executes C# cells only", cellNumber));
            return sink.Outputs;
        }
        var (code, rejected) = CellDirectives.Preprocess(cell.Source);
        if (rejected is not null)
        {
            sink.Add(ErrorOutputs.Rejected(rejected, cellNumber));
            return sink.Outputs;
        }

        // Run inside a fresh async flow whose sink is this cell's: Console writes and display() land here.
        var result = await Task.Run(async () =>
        {
            CellOutputSink.Current = sink;
            try { return await kernel.SubmitAsync(code, fileName); }
            finally { await Console.Out.FlushAsync(); }
        });

        switch (result)
        {
            case SubmissionSucceeded { HasReturnValue: true } ok:
                sink.Display(ok.ReturnValue, []);
                break;
            case SubmissionDidNotCompile bad:
                sink.Add(ErrorOutputs.CompileErrors(bad.Errors, cellNumber));
                break;
            case SubmissionThrew threw:
                sink.Add(ErrorOutputs.Exception(threw.Exception, cellNumber, Path.Combine(folder, fileName), folder));
                break;
        }
        return sink.Outputs;
    }
}
