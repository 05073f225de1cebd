using Microsoft.Data.Analysis;
using Workbench.Charts;

namespace Workbench.Tests.Charts;

public class BaselineTests
{
    [Theory]
    [InlineData(421.37, 1, 8, "unigram (421.4)")]
    [InlineData(0.5, -2, 3, "mean predictor (0.5)")]
    public void A_baseline_is_one_dashed_grey_level_line_with_its_value_in_the_legend(double y, double x0, double x1, string legend)
    {
        var f = Chart.Baseline(y, x0, x1, legend[..legend.IndexOf(" (")]);
        var t = Assert.Single(f.Traces);
        Assert.Equal([x0, x1], t["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([y, y], t["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal("dash", t["line"]!["dash"]!.GetValue<string>());
        Assert.DoesNotContain(t["line"]!["color"]!.GetValue<string>(), ConditionColors.Palette);
        Assert.Equal(legend, t["name"]!.GetValue<string>());
    }

    [Fact]
    public void Overlaid_on_seed_bands_it_adds_one_legend_entry_and_keeps_the_axis_titles()
    {
        var df = new DataFrame(new StringDataFrameColumn("cell", ["Gru", "Gru", "Gru", "Gru"]), new Int64DataFrameColumn("seed", [1L, 1L, 2L, 2L]),
            new Int64DataFrameColumn("epoch", [1L, 2L, 1L, 2L]), new DoubleDataFrameColumn("ppl", [300.0, 200.0, 310.0, 190.0]));
        var bands = Chart.SeedBands(df, "epoch", "ppl", "cell");
        var f = Chart.Combine(bands, Chart.Baseline(400, 1, 2, "unigram"));
        Assert.Equal(bands.TraceCount + 1, f.TraceCount);
        Assert.Equal("ppl", f.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(2, f.Traces.Count(t => t["showlegend"]?.GetValue<bool>() != false));
    }

    [Fact]
    public void A_level_that_is_not_a_number_is_refused_by_name()
    {
        Assert.Contains("unigram", Assert.Throws<ArgumentOutOfRangeException>(() => Chart.Baseline(double.NaN, 0, 1, "unigram")).Message);
        Assert.Throws<ArgumentException>(() => Chart.Baseline(1, 0, 1, ""));
    }
}
