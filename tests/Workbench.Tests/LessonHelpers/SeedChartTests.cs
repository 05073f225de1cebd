using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Workbench.Charts;

namespace Workbench.Tests.LessonHelpers;

public class SeedChartTests
{
    /// <summary>Validation loss per epoch, 3 cells x 3 seeds x 2 epochs, one row each; Rnn has one seed only.</summary>
    static DataFrame Curves()
    {
        var rows = new List<(string Cell, int Seed, int Epoch, double Loss)>
        {
            ("Gru", 1, 1, 2.0), ("Gru", 1, 2, 1.0), ("Gru", 2, 1, 2.2), ("Gru", 2, 2, 1.2), ("Gru", 3, 1, 2.4), ("Gru", 3, 2, 1.4),
            ("Lstm", 1, 1, 3.0), ("Lstm", 1, 2, 1.5), ("Lstm", 2, 1, 3.0), ("Lstm", 2, 2, 2.5),
            ("Rnn", 1, 1, 4.0), ("Rnn", 1, 2, 3.5),
        };
        return new DataFrame(
            new StringDataFrameColumn("cell", rows.Select(r => r.Cell)),
            new Int32DataFrameColumn("seed", rows.Select(r => (int?)r.Seed)),
            new Int32DataFrameColumn("epoch", rows.Select(r => (int?)r.Epoch)),
            new DoubleDataFrameColumn("validation loss", rows.Select(r => (double?)r.Loss)));
    }

    static IEnumerable<JsonObject> Legend(Figure f) => f.Traces.Where(t => t["showlegend"]?.GetValue<bool>() != false);
    static double[] Ys(JsonObject t) => t["y"]!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray();

    [Fact]
    public void Seed_bands_draw_mean_band_and_seeds_with_one_legend_entry_and_colour_per_condition()
    {
        var colors = new ConditionColors("Rnn", "Gru", "Lstm");
        var f = Chart.SeedBands(Curves(), x: "epoch", y: "validation loss", condition: "cell", colors: colors);
        Assert.Equal(["Gru (mean ± std, 3 seeds)", "Lstm (mean ± std, 2 seeds)", "Rnn"], Legend(f).Select(t => t["name"]!.GetValue<string>()));
        // Gru: 3 seeds + 2 band edges + mean; Lstm: 2 + 2 + 1; Rnn: mean only
        Assert.Equal(6 + 5 + 1, f.TraceCount);
        foreach (var t in f.Traces.Where(t => t["legendgroup"]!.GetValue<string>() == "Gru" && t["line"]?["color"] is not null && t["fill"] is null && t["line"]!["width"]!.GetValue<double>() > 0))
            Assert.Equal(colors["Gru"], t["line"]!["color"]!.GetValue<string>());
        Assert.Equal("#0072B2", colors["Rnn"]);   // the colour was fixed by the order given, not by the data's order
        var gruMean = f.Traces.Single(t => t["name"]!.GetValue<string>().StartsWith("Gru (mean"));
        Assert.Equal([2.2, 1.2], Ys(gruMean).Select(v => Math.Round(v, 12)));            // (2.0 + 2.2 + 2.4) / 3, (1.0 + 1.2 + 1.4) / 3
        var upper = f.Traces.Single(t => t["legendgroup"]!.GetValue<string>() == "Gru" && t["fill"] is not null);
        Assert.Equal([2.4, 1.4], Ys(upper).Select(v => Math.Round(v, 12)));              // mean + sample std 0.2
        var lstmUpper = f.Traces.Single(t => t["legendgroup"]!.GetValue<string>() == "Lstm" && t["fill"] is not null);
        // Lstm: epoch 1 has 3.0 twice (std 0), epoch 2 has 1.5 and 2.5 (mean 2.0, std sqrt(0.5))
        Assert.Equal([3.0, Math.Round(2.0 + Math.Sqrt(0.5), 12)], Ys(lstmUpper).Select(v => Math.Round(v, 12)));
        Assert.Equal("epoch", f.Layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("validation loss", f.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("cell", f.Layout["legend"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void On_a_log_axis_the_line_is_the_geometric_mean_and_the_band_its_geometric_spread()
    {
        var norms = new DataFrame(
            new StringDataFrameColumn("cell", ["Rnn", "Rnn", "Rnn", "Rnn", "Lstm", "Lstm"]),
            new Int32DataFrameColumn("seed", new int?[] { 1, 1, 2, 2, 1, 1 }),
            new Int32DataFrameColumn("distance", new int?[] { 0, 10, 0, 10, 0, 10 }),
            new DoubleDataFrameColumn("gradient norm", new double?[] { 1, 1e-2, 1, 1e-4, 1, 0.5 }));
        var f = Chart.SeedBands(norms, "distance", "gradient norm", "cell", logY: true);
        Assert.Equal("log", f.Layout["yaxis"]!["type"]!.GetValue<string>());
        var mean = f.Traces.Single(t => t["name"]!.GetValue<string>() == "Rnn (geometric mean ×/÷ std, 2 seeds)");
        Assert.Equal([1, 1e-3], Ys(mean).Select(v => Math.Round(v, 15)));                // 10^mean(0, 0), 10^mean(−2, −4)
        var edges = f.Traces.Where(t => t["legendgroup"]!.GetValue<string>() == "Rnn" && t["name"]!.GetValue<string>().EndsWith("± std")).ToArray();
        Assert.Equal(1e-3 / Math.Pow(10, Math.Sqrt(2)), Ys(edges[0])[1], 12);          // sample std of (−2, −4) is √2 decades
        Assert.Equal(1e-3 * Math.Pow(10, Math.Sqrt(2)), Ys(edges[1])[1], 12);
        Assert.True(Ys(edges[0]).All(v => v > 0));                                     // never below zero, unlike mean − std (−0.0041)
        Assert.Equal([1, 0.5], Ys(f.Traces.Single(t => t["name"]!.GetValue<string>() == "Lstm")));
        var bad = norms.Clone();
        bad["gradient norm"][3] = 0.0;
        var e = Assert.Throws<ArgumentException>(() => Chart.SeedBands(bad, "distance", "gradient norm", "cell", logY: true));
        Assert.Contains("'gradient norm'", e.Message);
    }

    [Fact]
    public void Without_seed_lines_only_bands_and_means_remain()
    {
        var f = Chart.SeedBands(Curves(), "epoch", "validation loss", "cell", showSeeds: false);
        Assert.Equal(3 + 3 + 1, f.TraceCount);
        Assert.Equal(3, Legend(f).Count());
    }

    [Fact]
    public void A_grid_of_panels_shows_each_condition_once_in_the_legend_with_the_same_colour()
    {
        var colors = new ConditionColors();
        var curves = Curves();
        var grid = Chart.Grid(1, 2, [
            Chart.SeedBands(curves, "epoch", "validation loss", "cell", colors: colors),
            Chart.SeedBands(curves.Filter(curves["cell"].ElementwiseNotEquals("Gru")), "epoch", "validation loss", "cell", colors: colors),
        ], subplotTitles: ["all cells", "without GRU"], shareY: true);
        Assert.Equal(3, Legend(grid).Count());
        var lstmMeans = grid.Traces.Where(t => t["name"]!.GetValue<string>().StartsWith("Lstm (mean")).ToArray();
        Assert.Equal(2, lstmMeans.Length);
        Assert.Single(lstmMeans.Select(t => t["line"]!["color"]!.GetValue<string>()).Distinct());
        Assert.Equal("y", grid.Layout["yaxis2"]!["matches"]!.GetValue<string>());
    }

    [Fact]
    public void Mean_std_bars_group_by_bucket_with_error_bars()
    {
        var runs = new DataFrame(
            new StringDataFrameColumn("attention", ["none", "none", "none", "none", "additive", "additive", "additive", "additive"]),
            new Int32DataFrameColumn("seed", new int?[] { 1, 1, 2, 2, 1, 1, 2, 2 }),
            new StringDataFrameColumn("source length", ["< 12", "≥ 12", "< 12", "≥ 12", "< 12", "≥ 12", "< 12", "≥ 12"]),
            new DoubleDataFrameColumn("exact match", new double?[] { 0.5, 0.1, 0.7, 0.3, 0.9, 0.8, 0.9, 0.6 }));
        var f = Chart.MeanStdBars(runs, "source length", "exact match", "attention");
        Assert.Equal(["none", "additive"], f.Traces.Select(t => t["name"]!.GetValue<string>()));
        var none = f.Traces[0];
        Assert.Equal(["< 12", "≥ 12"], none["x"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal([0.6, 0.2], Ys(none).Select(v => Math.Round(v, 12)));
        Assert.Equal([Math.Round(Math.Sqrt(0.02), 12), Math.Round(Math.Sqrt(0.02), 12)], none["error_y"]!["array"]!.AsArray().Select(v => Math.Round(v!.GetValue<double>(), 12)));
        Assert.Equal("group", f.Layout["barmode"]!.GetValue<string>());
        Assert.Contains("mean ± std", f.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Mean_std_bars_with_the_condition_as_category_draw_one_bar_per_condition()
    {
        var runs = new DataFrame(
            new StringDataFrameColumn("order", ["Shuffle", "Shuffle", "Bucket", "Bucket"]),
            new Int32DataFrameColumn("seed", new int?[] { 1, 2, 1, 2 }),
            new DoubleDataFrameColumn("padding %", new double?[] { 60, 64, 9, 11 }));
        var f = Chart.MeanStdBars(runs, "order", "padding %", "order");
        Assert.Equal(["Shuffle", "Bucket"], f.Traces.Select(t => t["name"]!.GetValue<string>()));
        Assert.Equal([["Shuffle"], ["Bucket"]], f.Traces.Select(t => t["x"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray()));
        Assert.Equal([62.0, 10.0], f.Traces.Select(t => Ys(t).Single()));
        Assert.Equal([Math.Sqrt(8), Math.Sqrt(2)], f.Traces.Select(t => t["error_y"]!["array"]!.AsArray().Single()!.GetValue<double>()));
    }

    [Fact]
    public void Helpers_name_a_bad_column()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.SeedBands(Curves(), "step", "validation loss", "cell"));
        Assert.Contains("'step'", e.Message);
        e = Assert.Throws<ArgumentException>(() => Chart.SeedBands(Curves(), "epoch", "cell", "seed"));
        Assert.Contains("'cell' holds String", e.Message);
    }

    [Fact]
    public void Condition_colours_are_fixed_and_limited_to_a_readable_legend()
    {
        var colors = new ConditionColors("a", "b");
        Assert.Equal(colors["b"], colors["b"]);
        Assert.NotEqual(colors["a"], colors["b"]);
        Assert.Equal("rgba(0, 114, 178, 0.2)", colors.Translucent("a", 0.2));
        for (int i = 0; i < ConditionColors.Palette.Count - 2; i++) _ = colors[$"c{i}"];
        var e = Assert.Throws<ArgumentException>(() => colors["one too many"]);
        Assert.Contains("More than 8 conditions", e.Message);
    }

    [Theory]
    [InlineData(new[] { 12, 20 }, new[] { "< 12", "12-19", "\u2265 20" })]
    [InlineData(new[] { 5 }, new[] { "< 5", "\u2265 5" })]
    [InlineData(new[] { 4, 5, 8 }, new[] { "< 4", "4", "5-7", "\u2265 8" })]
    public void Length_buckets_name_their_ranges(int[] edges, string[] labels) =>
        Assert.Equal(labels, new LengthBuckets(edges).Labels);

    [Fact]
    public void Length_buckets_put_each_length_in_its_range()
    {
        var b = new LengthBuckets(12, 20);
        Assert.Equal(["< 12", "< 12", "12-19", "12-19", "\u2265 20"], new[] { 0, 11, 12, 19, 20 }.Select(b.Of));
        Assert.Throws<ArgumentException>(() => new LengthBuckets(20, 12));
    }

    [Fact]
    public void No_two_texts_of_a_grid_overlap_in_chromium()
    {
        var curves = Curves();
        var colors = new ConditionColors();
        var panels = Enumerable.Range(0, 4).Select(_ => Chart.SeedBands(curves, "epoch", "validation loss", "cell", colors: colors));
        var grid = Chart.Grid(2, 2, panels, subplotTitles: ["GRU vs LSTM, hidden 64", "hidden 128", "hidden 256", "hidden 512"]).WithSize(900, 650);
        var report = new ChromiumRenderer().Render(grid);
        Assert.True(report.Ok, string.Join("; ", report.Errors));
        var texts = report.Texts;
        Assert.Equal(4, texts.Count(t => t.Text.StartsWith("hidden") || t.Text.StartsWith("GRU")));
        Assert.Equal(4, texts.Count(t => t.Text == "epoch"));
        Assert.NotEmpty(report.TickLabels);
        Assert.Equal(4 + 4 + 4 + report.TickLabels.Count, texts.Count);   // subplot titles, x and y titles, and every tick label
        for (int i = 0; i < texts.Count; i++)
            for (int j = i + 1; j < texts.Count; j++)
                Assert.False(texts[i].Overlaps(texts[j]), $"'{texts[i].Text}' {texts[i]} overlaps '{texts[j].Text}' {texts[j]}");
    }
}
