using Workbench.TorchSharp.Tests.Checkpoints;

namespace Workbench.TorchSharp.Tests.Benchmarks;

/// <summary>The benchmark results built into the library are docs/engines.csv, parsed with its column types.</summary>
public class EngineBenchmarkResultsTests
{
    [Fact]
    public void TheBuiltInResultsAreTheCommittedCsv()
    {
        var results = EngineBenchmarkResults.Load();
        var lines = File.ReadAllLines(PyTorch.RepoFile(Path.Combine("docs", "engines.csv"))).Where(l => l.Length > 0).ToArray();
        Assert.Equal("threads,row,engine,tokens_per_s_min,tokens_per_s_median", lines[0]);
        Assert.Equal(lines.Length - 1, results.Rows.Count);
        Assert.Equal(new[] { "PyTorch", "TorchSharp", "workbench" }, results.Rows.Select(r => (string)r["engine"]).Distinct().Order(StringComparer.Ordinal));
        foreach (var r in results.Rows)
        {
            Assert.True((double)r["tokens_per_s_min"] > 0 && (double)r["tokens_per_s_min"] <= (double)r["tokens_per_s_median"],
                $"{r["row"]} / {r["engine"]}: min {r["tokens_per_s_min"]} should be positive and at most the median {r["tokens_per_s_median"]}");
            Assert.Equal(3, results.Rows.Count(o => (string)o["row"] == (string)r["row"] && (int)o["threads"] == (int)r["threads"]));
        }
    }
}
