using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.Tests.Frames;

public class FrameDisplayTests
{
    static DataFrame Numbers(int n) => new(
        new Int32DataFrameColumn("i", Enumerable.Range(0, n).Select(i => (int?)i)),
        new DoubleDataFrameColumn("half", Enumerable.Range(0, n).Select(i => (double?)(i * 0.5))));

    [Fact]
    public void Plain_text_never_runs_long_values_together()
    {
        var df = new DataFrame(
            new StringDataFrameColumn("decoder", ["beam 8, α 0.6, length-normalised", "greedy"]),
            new DoubleDataFrameColumn("validation perplexity", new double?[] { 123.456789, null }));
        Assert.Contains("normalised123", df.ToString().Replace(" ", "")); // the package's own view: 10-character columns run together
        Assert.Equal(
            "   decoder                           validation perplexity\n" +
            "0  beam 8, α 0.6, length-normalised                123.457\n" +
            "1  greedy                                             null\n" +
            "[2 rows x 2 columns]", df.ToText());
    }

    [Fact]
    public void Html_pages_above_25_rows_and_is_the_same_on_every_render()
    {
        var html = Numbers(60).ToHtml();
        Assert.Equal(60, Regex.Matches(html, "<tr data-page=").Count);
        Assert.Equal(25, Regex.Matches(html, "<tr data-page=\"0\">").Count);
        Assert.Contains("Page 1 of 3", html);
        Assert.Contains("60 rows \u00d7 2 columns", html);
        Assert.Contains("<th title=\"Int32\">i</th>", html);
        Assert.DoesNotContain("wb-pager", Numbers(25).ToHtml());
        // The id is a content hash plus the process's output counter (renumbered per notebook by the runner): no clock.
        static string Normalised(string h) => Regex.Replace(h, @"(wb-table-[0-9a-f]{10})-\d+", "$1");
        Assert.Equal(Normalised(html), Normalised(Numbers(60).ToHtml()));
        Assert.NotEqual(Normalised(html), Normalised(Numbers(61).ToHtml()));
    }

    [Fact]
    public void Html_escapes_cells_and_shows_missing_values()
    {
        var html = new DataFrame(new StringDataFrameColumn("token", ["<b>&", null])).ToHtml();
        Assert.Contains("&lt;b&gt;&amp;", html);
        Assert.Contains("<td>null</td>", html);
    }

    [Fact]
    public void Kernel_formatters_write_the_frame_and_chart_views()
    {
        var df = Numbers(3);
        string Write(Type t, string mime, object value)
        {
            var f = KernelFormatters.Formatters.Single(f => f.Type == t && f.MimeType == mime);
            using var w = new StringWriter();
            f.Write(value, w);
            return w.ToString();
        }
        Assert.Equal(df.ToText(), Write(typeof(DataFrame), "text/plain", df));
        Assert.StartsWith("<div id=\"wb-table-", Write(typeof(DataFrame), "text/html", df));
        var chart = Plotly.NET.CSharp.Chart.Line<int, double, string>(x: [1, 2], y: [0.5, 0.25], Name: "loss");
        var html = Write(typeof(Plotly.NET.GenericChart), "text/html", chart);
        Assert.StartsWith("<div id=\"wb-plot-", html);
        Assert.Contains("window.Plotly", html);
        Assert.DoesNotContain("require", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
    }
}
