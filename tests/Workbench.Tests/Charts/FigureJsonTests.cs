using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Charts;

namespace Workbench.Tests.Charts;

public class FigureJsonTests
{
    static JsonElement Parse(Figure f) => JsonDocument.Parse(f.ToJson()).RootElement;

    static double?[] Numbers(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray();

    [Fact]
    public void Line_is_a_scatter_trace_in_lines_mode_with_data_and_layout_only()
    {
        var json = Parse(Chart.Line(new[] { 1, 2, 3 }, new[] { 0.5f, 0.25f, 0.125f }, "loss"));

        Assert.Equal(["data", "layout"], json.EnumerateObject().Select(p => p.Name));
        var trace = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.Equal("loss", trace.GetProperty("name").GetString());
        Assert.Equal([1.0, 2.0, 3.0], Numbers(trace.GetProperty("x")));
        Assert.Equal([0.5, 0.25, 0.125], Numbers(trace.GetProperty("y")));
    }

    [Fact]
    public void Line_without_x_uses_positions_from_zero()
    {
        var trace = Parse(Chart.Line(new[] { 9.0, 8.0 })).GetProperty("data")[0];
        Assert.Equal([0.0, 1.0], Numbers(trace.GetProperty("x")));
    }

    [Fact]
    public void NaN_and_infinities_become_null_because_json_has_no_such_numbers()
    {
        var trace = Parse(Chart.Line(new[] { 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity })).GetProperty("data")[0];
        Assert.Equal([1.0, null, null, null], Numbers(trace.GetProperty("y")));
    }

    [Fact]
    public void Scatter_bar_and_histogram_have_their_plotly_types()
    {
        var scatter = Parse(Chart.Scatter(new[] { 1.0 }, new[] { 2.0 })).GetProperty("data")[0];
        Assert.Equal("markers", scatter.GetProperty("mode").GetString());
        var bar = Parse(Chart.Bar(new[] { "rnn", "gru" }, new[] { 3L, 4L })).GetProperty("data")[0];
        Assert.Equal("bar", bar.GetProperty("type").GetString());
        Assert.Equal(["rnn", "gru"], bar.GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        var hist = Parse(Chart.Histogram(new[] { 1.0, 2.0, 2.0 }, bins: 5)).GetProperty("data")[0];
        Assert.Equal("histogram", hist.GetProperty("type").GetString());
        Assert.Equal(5, hist.GetProperty("nbinsx").GetInt32());
    }

    [Fact]
    public void Mismatched_x_and_y_lengths_are_rejected_with_both_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Line(new[] { 1, 2, 3 }, new[] { 1.0, 2.0 }, "loss"));
        Assert.Contains("x has 3 values but y has 2", e.Message);
    }

    [Fact]
    public void Title_and_axis_titles_are_objects_with_text_never_bare_strings()
    {
        var json = Parse(Chart.Line(new[] { 1.0 }).WithTitle("Loss").WithXAxis("step").WithYAxis("nll", type: "log"));
        var layout = json.GetProperty("layout");
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("step", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Unknown_axis_type_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Line(new[] { 1.0 }).WithXAxis(type: "logarithmic"));
        Assert.Contains("logarithmic", e.Message);
    }

    [Fact]
    public void Size_and_legend_land_in_the_layout()
    {
        var layout = Parse(Chart.Line(new[] { 1.0 }).WithSize(640, 480).WithLegend(true, "h")).GetProperty("layout");
        Assert.Equal(640, layout.GetProperty("width").GetInt32());
        Assert.Equal(480, layout.GetProperty("height").GetInt32());
        Assert.True(layout.GetProperty("showlegend").GetBoolean());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
    }

    [Fact]
    public void With_methods_return_new_figures_and_leave_the_original_alone()
    {
        var plain = Chart.Line(new[] { 1.0 });
        var titled = plain.WithTitle("x");
        Assert.False(Parse(plain).GetProperty("layout").TryGetProperty("title", out _));
        Assert.True(Parse(titled).GetProperty("layout").TryGetProperty("title", out _));
    }

    [Fact]
    public void Combine_keeps_all_traces_in_order_and_merges_layouts()
    {
        var combined = Chart.Combine(
            Chart.Line(new[] { 1.0 }, "train").WithTitle("first"),
            Chart.Bar(new[] { "a" }, new[] { 1.0 }, "b").WithTitle("second").WithXAxis("epoch"));
        var json = Parse(combined);
        Assert.Equal(["train", "b"], json.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("first", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", json.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Strings_with_quotes_tags_and_unicode_survive_json_and_cannot_close_the_script()
    {
        const string name = "he said \"hi\" </script><b>&amp; \u00e9\u4e2d\n";
        var figure = Chart.Line(new[] { 1.0 }, name).WithTitle(name);

        Assert.Equal(name, Parse(figure).GetProperty("data")[0].GetProperty("name").GetString());
        var html = figure.ToHtml("plot");
        Assert.Single(Regex.Matches(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Html_waits_for_window_Plotly_and_loads_nothing_from_the_network()
    {
        var html = Chart.Line(new[] { 1.0 }).ToHtml("my-plot");
        Assert.StartsWith("<div id=\"my-plot\"", html);
        Assert.Contains("window.Plotly", html);
        Assert.Contains("newPlot", html);
        Assert.Contains("setTimeout", html);
        Assert.DoesNotContain("require", html);
        Assert.DoesNotContain("http", html);
    }

    [Fact]
    public void Default_div_ids_are_deterministic_content_hashes_plus_a_sequence()
    {
        string Id(string html) => Regex.Match(html, "<div id=\"([^\"]+)\"").Groups[1].Value;
        var a1 = Id(Chart.Line(new[] { 1.0 }).ToHtml());
        var a2 = Id(Chart.Line(new[] { 1.0 }).ToHtml());
        var b = Id(Chart.Line(new[] { 2.0 }).ToHtml());

        var pattern = new Regex("^wb-plot-([0-9a-f]{10})-(\\d+)$");
        Assert.Matches(pattern, a1);
        Assert.Equal(pattern.Match(a1).Groups[1].Value, pattern.Match(a2).Groups[1].Value); // same content, same hash
        Assert.NotEqual(a1, a2);                                                            // but distinct elements
        Assert.NotEqual(pattern.Match(a1).Groups[1].Value, pattern.Match(b).Groups[1].Value);
    }

    [Fact]
    public void Standalone_html_references_plotly_by_src_and_is_a_full_page()
    {
        var page = Chart.Line(new[] { 1.0 }).WithTitle("A & B").ToStandaloneHtml("../lib/plotly.min.js");
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<script type=\"text/javascript\" src=\"../lib/plotly.min.js\"></script>", page);
        Assert.Contains("<title>A &amp; B</title>", page);
        Assert.EndsWith("</html>\n", page);
    }
}
