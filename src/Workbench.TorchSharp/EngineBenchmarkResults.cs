using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.TorchSharp;

/// <summary>
/// The engines benchmark's committed results (docs/engines.csv, written by
/// <c>dotnet run --project tests/Workbench.Benchmarks -c Release -- engines --csv docs/engines.csv</c>), built into this
/// library so a notebook reads them wherever it runs: one row per benchmark row and engine, tokens per second (min
/// and median). Speed is measured there, side by side, never in a notebook.
/// </summary>
public static class EngineBenchmarkResults
{
    public static DataFrame Load()
    {
        using var stream = typeof(EngineBenchmarkResults).Assembly.GetManifestResourceStream("engines.csv")
            ?? throw new InvalidOperationException("Workbench.TorchSharp was built without docs/engines.csv; rebuild it (dotnet build src/Workbench.TorchSharp -c Release).");
        using var reader = new StreamReader(stream);
        return Csv.LoadFromString(reader.ReadToEnd(), source: "docs/engines.csv (built into Workbench.TorchSharp)", columnTypes: new Dictionary<string, Type>
        {
            ["threads"] = typeof(int), ["row"] = typeof(string), ["engine"] = typeof(string),
            ["tokens_per_s_min"] = typeof(double), ["tokens_per_s_median"] = typeof(double),
        });
    }
}
