using System.Text.Json;
using Workbench.Charts;
using Workbench.Tensors;

namespace Workbench.Tests.Charts;

public class HeatmapAndGridTests
{
    static JsonElement Parse(Figure f) => JsonDocument.Parse(f.ToJson()).RootElement;

    static string[] Strings(JsonElement a) => a.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Heatmap_keeps_rows_as_given_and_reverses_the_y_axis()
    {
        var z = new double[,] { { 0.9, 0.1, 0.0 }, { 0.2, 0.7, 0.1 } };
        var json = Parse(Chart.Heatmap(z, ["le", "chat", "le"], ["the", "cat"]));
        var trace = json.GetProperty("data")[0];

        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(0.9, trace.GetProperty("z")[0][0].GetDouble());
        Assert.Equal(0.1, trace.GetProperty("z")[1][2].GetDouble());
        var layout = json.GetProperty("layout");
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        // Repeated tokens ("le") stay two columns: labels are tick texts at integer positions.
        Assert.Equal(["le", "chat", "le"], Strings(layout.GetProperty("xaxis").GetProperty("ticktext")));
        Assert.Equal(3, layout.GetProperty("xaxis").GetProperty("tickvals").GetArrayLength());
        Assert.Equal(["the", "cat"], Strings(layout.GetProperty("yaxis").GetProperty("ticktext")));
    }

    [Fact]
    public void Heatmap_from_a_tensor_matches_the_array_version()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var fromArray = Chart.Heatmap(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(fromArray.ToJson(), Chart.Heatmap(t).ToJson());
    }

    [Fact]
    public void Heatmap_label_count_mismatch_names_both_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Heatmap(new double[2, 3], ["a", "b"]));
        Assert.Contains("3 columns but 2 x labels", e.Message);
        Assert.Throws<ArgumentException>(() => Chart.Heatmap(Tensor.Zeros(2, 2, 2)));
    }

    [Fact]
    public void Grid_assigns_each_subplot_its_own_axes_and_titles()
    {
        var grid = Chart.Grid(2, 2,
            [Chart.Line(new[] { 1.0 }, "a"), Chart.Combine(Chart.Line(new[] { 1.0 }, "b1"), Chart.Line(new[] { 2.0 }, "b2")),
             Chart.Heatmap(new double[,] { { 1 } }).WithXAxis("source")],
            ["loss", "accuracy", "attention"]);
        var json = Parse(grid);
        var layout = json.GetProperty("layout");
        var g = layout.GetProperty("grid");

        Assert.Equal(2, g.GetProperty("rows").GetInt32());
        Assert.Equal(2, g.GetProperty("columns").GetInt32());
        Assert.Equal("independent", g.GetProperty("pattern").GetString());
        var axes = json.GetProperty("data").EnumerateArray().Select(t => (t.GetProperty("xaxis").GetString(), t.GetProperty("yaxis").GetString())).ToArray();
        Assert.Equal([("x", "y"), ("x2", "y2"), ("x2", "y2"), ("x3", "y3")], axes);
        // Subplot 3 took over the heatmap's axis settings.
        Assert.Equal("reversed", layout.GetProperty("yaxis3").GetProperty("autorange").GetString());
        Assert.Equal("source", layout.GetProperty("xaxis3").GetProperty("title").GetProperty("text").GetString());
        var notes = layout.GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Equal(["loss", "accuracy", "attention"], notes.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("x2 domain", notes[1].GetProperty("xref").GetString());
        Assert.Equal("y3 domain", notes[2].GetProperty("yref").GetString());
    }

    [Fact]
    public void Grid_cell_domains_follow_plotly_gap_rule()
    {
        // Two cells with gap 0.2 of a cell: w + 0.2w + w = 1, so w = 1/2.2.
        var (s0, e0) = ChartGrid.Domain(0, 2, 0.2);
        var (s1, e1) = ChartGrid.Domain(1, 2, 0.2);
        Assert.Equal(0.0, s0, 12);
        Assert.Equal(1 / 2.2, e0, 12);
        Assert.Equal(1.2 / 2.2, s1, 12);
        Assert.Equal(1.0, e1, 12);
    }

    [Fact]
    public void Grid_rejects_more_figures_than_cells()
    {
        var f = Chart.Line(new[] { 1.0 });
        var e = Assert.Throws<ArgumentException>(() => Chart.Grid(1, 2, [f, f, f]));
        Assert.Contains("2 cells but got 3 figures", e.Message);
    }
}
