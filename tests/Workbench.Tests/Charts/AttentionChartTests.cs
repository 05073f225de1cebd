using System.Text.Json;
using Workbench.Charts;

namespace Workbench.Tests.Charts;

public class AttentionChartTests
{
    static string[] Strings(JsonElement a) => a.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Rows_are_outputs_columns_are_sources_with_visible_spaces_and_a_fixed_scale()
    {
        var w = new float[,] { { 0.7f, 0.2f, 0.1f }, { 0.1f, 0.1f, 0.8f } };
        var json = JsonDocument.Parse(Chart.Attention(w, ["And", " the", " the"], [" Y", "<eos>"]).ToJson()).RootElement;
        var trace = json.GetProperty("data")[0];
        var layout = json.GetProperty("layout");
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(0.8, trace.GetProperty("z")[1][2].GetDouble(), 6);
        Assert.Equal(0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(1, trace.GetProperty("zmax").GetDouble());
        Assert.Equal("attention weight α", trace.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        // The repeated " the" keeps two columns, shown as ␣the.
        Assert.Equal(["And", "␣the", "␣the"], Strings(layout.GetProperty("xaxis").GetProperty("ticktext")));
        Assert.Equal([0, 1, 2], layout.GetProperty("xaxis").GetProperty("tickvals").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["␣Y", "<eos>"], Strings(layout.GetProperty("yaxis").GetProperty("ticktext")));
        Assert.Contains("source", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("output", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Token_counts_must_match_the_matrix()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Attention(new float[2, 3], ["a", "b"], ["x", "y"]));
        Assert.Contains("3 columns but 2 x labels", e.Message);
        e = Assert.Throws<ArgumentException>(() => Chart.Attention(new float[2, 3], ["a", "b", "c"], ["x"]));
        Assert.Contains("2 rows but 1 y labels", e.Message);
    }
}
