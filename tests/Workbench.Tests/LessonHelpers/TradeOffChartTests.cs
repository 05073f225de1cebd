using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Workbench.Charts;

namespace Workbench.Tests.LessonHelpers;

public class TradeOffChartTests
{
    /// <summary>Sampling settings over seeds: τ = 0.5 on 3 seeds, top-k on 2, τ = 2 on one.</summary>
    static DataFrame Settings() => new(
        new StringDataFrameColumn("setting", ["τ = 0.5", "τ = 0.5", "τ = 0.5", "top-k 3", "top-k 3", "τ = 2"]),
        new Int32DataFrameColumn("seed", new int?[] { 1, 2, 3, 1, 2, 1 }),
        new DoubleDataFrameColumn("log-prob", new double?[] { -1.0, -1.2, -1.4, -2.0, -3.0, -4.0 }),
        new DoubleDataFrameColumn("novel", new double?[] { 0.1, 0.2, 0.3, 0.5, 0.7, 0.9 }));

    static double[] Numbers(JsonNode? n) => n!.AsArray().Select(v => Math.Round(v!.GetValue<double>(), 12)).ToArray();

    [Fact]
    public void Each_condition_is_one_point_at_its_means_with_std_bars_both_ways()
    {
        var colors = new ConditionColors("top-k 3");
        var f = Chart.TradeOff(Settings(), x: "log-prob", y: "novel", condition: "setting", colors: colors);
        Assert.Equal(["τ = 0.5", "top-k 3", "τ = 2"], f.Traces.Select(t => t["name"]!.GetValue<string>()));
        var tau = f.Traces[0];
        Assert.Equal([-1.2], Numbers(tau["x"]));
        Assert.Equal([0.2], Numbers(tau["y"]));
        Assert.Equal([0.2], Numbers(tau["error_x"]!["array"]));    // sample std of -1.0, -1.2, -1.4
        Assert.Equal([0.1], Numbers(tau["error_y"]!["array"]));    // sample std of 0.1, 0.2, 0.3
        var topK = f.Traces[1];
        Assert.Equal([-2.5], Numbers(topK["x"]));
        Assert.Equal([Math.Round(Math.Sqrt(0.5), 12)], Numbers(topK["error_x"]!["array"]));
        Assert.Equal([Math.Round(Math.Sqrt(0.02), 12)], Numbers(topK["error_y"]!["array"]));
        Assert.Equal(colors["top-k 3"], topK["marker"]!["color"]!.GetValue<string>());
        Assert.Equal("#0072B2", topK["marker"]!["color"]!.GetValue<string>());   // fixed by the colours given, not the data's order
        Assert.Null(f.Traces[2]["error_x"]);                                     // one seed: no spread to draw
        Assert.Equal("markers", f.Traces[2]["mode"]!.GetValue<string>());
        Assert.Equal("log-prob", f.Layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("novel", f.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Contains("mean ± std", f.Layout["legend"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_bad_column_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.TradeOff(Settings(), "likelihood", "novel", "setting"));
        Assert.Contains("'likelihood'", e.Message);
        e = Assert.Throws<ArgumentException>(() => Chart.TradeOff(Settings(), "setting", "novel", "seed"));
        Assert.Contains("'setting' holds String", e.Message);
    }
}
