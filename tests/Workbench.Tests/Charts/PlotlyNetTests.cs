using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plotly.NET;
using Workbench.Charts;
using Workbench.Notebook;
using Chart = Workbench.Charts.Chart;
using Figure = Workbench.Charts.Figure;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace Workbench.Tests.Charts;

/// <summary>Plotly.NET charts display through the workbench's figure JSON: offline, reproducible, and they reach the PNG path.</summary>
public class PlotlyNetTests
{
    static GenericChart TwoTraces() => GenericChart.combine([
        PlotlyChart.Line<int, double, string>(x: [1, 2, 3], y: [0.5, 0.25, 0.125], Name: "train"),
        PlotlyChart.Point<int, double, string>(x: [1, 2, 3], y: [0.6, 0.4, 0.3], Name: "valid"),
    ]);

    [Fact]
    public void A_plotly_net_chart_draws_offline_in_chromium_with_every_trace_and_no_page_error()
    {
        var figure = Figure.FromChart(TwoTraces());
        var report = new ChromiumRenderer().Render(figure);
        Assert.True(report.Ok, string.Join("; ", report.Errors));
        Assert.Equal(2, report.DataTraces);
        Assert.Equal(2, report.DrawnTraces);
        Assert.True(report.SvgCount > 0);
        Assert.Equal(PlotlyJs.Version, report.PlotlyVersion);
    }

    [Fact]
    public void The_same_chart_gives_the_same_html_with_no_cdn_and_no_random_id()
    {
        var first = Figure.FromChart(TwoTraces()).ToHtml();
        var second = Figure.FromChart(TwoTraces()).ToHtml();
        // Ids are a content hash plus this process's output counter (a fresh kernel starts it at 1 again).
        static string Normalised(string h) => Regex.Replace(h, @"(wb-plot-[0-9a-f]{10})-\d+", "$1");
        Assert.Equal(Normalised(first), Normalised(second));
        Assert.Equal(Figure.FromChart(TwoTraces()).ToHtml("fixed"), Figure.FromChart(TwoTraces()).ToHtml("fixed"));
        Assert.DoesNotMatch(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", first);  // Plotly.NET's own ids are GUIDs
        Assert.DoesNotContain("cdn.plot.ly", first);
        Assert.DoesNotContain("require", first);
        // Plotly.NET's own HTML differs on every call: that is what the workbench formatter replaces.
        Assert.NotEqual(GenericChart.toChartHTML(TwoTraces()), GenericChart.toChartHTML(TwoTraces()));
    }

    [Fact]
    public void Figure_to_chart_and_back_keeps_traces_layout_and_config_and_takes_plotly_net_styling()
    {
        var figure = Chart.Line(new[] { 1, 2, 3 }, new[] { 1e-3, 1e-5, 1e-7 }, name: "gradient norm")
            .WithYAxis("‖∂L/∂h‖", type: "log").WithTitle("vanishing");
        var chart = figure.ToChart();
        var back = Figure.FromChart(chart);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(figure.ToJson()), JsonNode.Parse(back.ToJson())), back.ToJson());
        Assert.True(JsonNode.DeepEquals(figure.Config, back.Config));

        // Style with Plotly.NET's API: our axis settings survive, theirs are added.
        var styled = Figure.FromChart(Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<string, string, string>(chart, TitleText: "step"));
        Assert.Equal("step", styled.Layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("log", styled.Layout["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("‖∂L/∂h‖", styled.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_chart_built_with_plotly_net_round_trips_through_the_figure()
    {
        var chart = TwoTraces();
        var json = JsonNode.Parse(GenericChart.toJson(chart))!;
        var again = JsonNode.Parse(GenericChart.toJson(Figure.FromChart(chart).ToChart()))!;
        Assert.True(JsonNode.DeepEquals(json["data"], again["data"]));
        Assert.True(JsonNode.DeepEquals(json["config"], again["config"]));
        // The figure adds its tick-label defaults to Plotly.NET's template and keeps everything else.
        Assert.Equal("e", again["layout"]!["template"]!["layout"]!["xaxis"]!["exponentformat"]!.GetValue<string>());
        Assert.Equal(json["layout"]!["template"]!["layout"]!["colorway"]!.ToJsonString(), again["layout"]!["template"]!["layout"]!["colorway"]!.ToJsonString());
    }

    [Fact]
    public void Displayed_values_reach_the_png_path_as_figures()
    {
        Assert.Equal(2, Figure.TryFrom(TwoTraces())!.TraceCount);
        var f = Chart.Bar(new[] { "a" }, new[] { 1.0 });
        Assert.Same(f, Figure.TryFrom(f));
        Assert.Null(Figure.TryFrom("not a chart"));
        Assert.Null(Figure.TryFrom(null));
    }

    [Fact]
    public void Figure_json_errors_say_what_is_missing()
    {
        Assert.Contains("\"data\" array", Assert.Throws<ArgumentException>(() => Figure.FromJson("{\"layout\":{}}")).Message);
        Assert.Contains("trace 1 is not an object", Assert.Throws<ArgumentException>(() => Figure.FromJson("{\"data\":[{\"type\":\"bar\"},3]}")).Message);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(0, 1)]
    public void Mismatched_x_and_y_lengths_name_both_lengths(int nx, int ny)
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Line(Enumerable.Range(0, nx), Enumerable.Repeat(1.0, ny), name: "loss"));
        Assert.Contains($"x has {nx} values but y has {ny}", e.Message);
        Assert.Contains("\"loss\"", e.Message);
    }

    [Fact]
    public void Log_axes_label_ticks_with_exponents_not_si_prefixes_in_chromium()
    {
        var grid = Chart.Grid(1, 2, [
            Chart.Line(new[] { 1, 2, 3, 4 }, new[] { 1e-9, 1e-7, 1e-5, 1e-3 }).WithYAxis("gradient norm", type: "log").WithXAxis("step"),
            Chart.Line(new[] { 1, 2, 3 }, new[] { 2e-6, 4e-6, 6e-6 }).WithYAxis("update size").WithXAxis("step"),
        ]);
        var report = new ChromiumRenderer().Render(grid);
        Assert.True(report.Ok, string.Join("; ", report.Errors));
        var labels = string.Join(" ", report.TickLabels);
        Assert.Contains("1e\u22129", labels);           // plotly writes the minus as U+2212
        Assert.Contains("e\u22126", labels);            // the linear panel too (template reaches xaxis2/yaxis2)
        foreach (var si in new[] { "µ", "n", "p", "m" })
            Assert.DoesNotMatch($@"\d{Regex.Escape(si)}(\s|$)", labels);
    }
}
