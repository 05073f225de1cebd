using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workbench.Charts;
using Workbench.Notebook;

namespace Workbench.Tests.Charts;

/// <summary>
/// Real-browser checks: pages produced by Figure and DataFrame views are opened in headless Debian Chromium with the embedded
/// plotly.js copied next to them. The pages report what the browser actually drew into a #report element.
/// These tests need /usr/bin/chromium (.ci/install.sh installs it) and fail, not skip, without it.
/// </summary>
public class ChromiumRenderTests
{
    static readonly ChromiumRenderer Browser = new();

    // Injected around the figure's own standalone HTML: errors are captured before plotly.js loads; the checker
    // polls until plotly has drawn (the figure's script itself waits for window.Plotly), then reports.
    const string ErrorCapture = """
        <script>
        window.__errors = [];
        window.onerror = function (m, s, l) { __errors.push(m + " @" + s + ":" + l); };
        window.addEventListener("unhandledrejection", function (e) { __errors.push("rejection: " + e.reason); });
        </script>
        """;

    const string Checker = """
        <pre id="report"></pre>
        <script>
        (function poll() {
          var gd = document.querySelector(".wb-plot");
          if (!gd || !gd._fullLayout || !gd.querySelector("svg.main-svg")) { setTimeout(poll, 50); return; }
          var ticks = Array.prototype.slice.call(gd.querySelectorAll(".ytick text"))
            .map(function (t) { return { text: t.textContent, top: t.getBoundingClientRect().top }; })
            .sort(function (a, b) { return a.top - b.top; }).map(function (t) { return t.text; });
          document.getElementById("report").textContent = JSON.stringify({
            svg: gd.querySelectorAll("svg.main-svg").length,
            scatter: gd.querySelectorAll(".scatterlayer .trace").length,
            bars: gd.querySelectorAll(".barlayer .trace").length,
            heatmaps: gd.querySelectorAll(".heatmaplayer .hm").length,
            yTicksTopToBottom: ticks, errors: window.__errors });
        })();
        </script>
        """;

    static JsonElement RenderStandalone(Figure figure)
    {
        var dir = Directory.CreateTempSubdirectory("wb-render-test-").FullName;
        try
        {
            PlotlyJs.WriteTo(Path.Combine(dir, "plotly.min.js"));
            var html = figure.ToStandaloneHtml("plotly.min.js")
                .Replace("<head>\n", "<head>\n" + ErrorCapture)
                .Replace("</body>", Checker + "</body>");
            var page = Path.Combine(dir, "page.html");
            File.WriteAllText(page, html);
            var dom = Browser.DumpDom(page);
            var m = Regex.Match(dom, "<pre id=\"report\">(.*?)</pre>", RegexOptions.Singleline);
            Assert.True(m.Success && m.Groups[1].Value.Length > 0, "the page never reported a drawn plot:\n" + dom[..Math.Min(dom.Length, 1500)]);
            return JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Standalone_page_draws_every_trace_without_errors()
    {
        var figure = Chart.Combine(
                Chart.Line(new[] { 1, 2, 3 }, new[] { 2.0, 1.0, 0.5 }, "train"),
                Chart.Line(new[] { 1, 2, 3 }, new[] { 2.5, 1.5, double.NaN }, "valid \"</script>\""),
                Chart.Scatter(new[] { 1, 2, 3 }, new[] { 1.0, 1.2, 0.7 }, "points"),
                Chart.Bar(new[] { 1, 2, 3 }, new[] { 0.3, 0.2, 0.1 }, "lr"))
            .WithTitle("Loss").WithYAxis("loss", type: "log");

        var report = RenderStandalone(figure);

        Assert.Equal(0, report.GetProperty("errors").GetArrayLength());
        Assert.True(report.GetProperty("svg").GetInt32() >= 1);
        Assert.Equal(3, report.GetProperty("scatter").GetInt32());
        Assert.Equal(1, report.GetProperty("bars").GetInt32());
    }

    [Fact]
    public void Heatmap_puts_the_first_row_label_at_the_top()
    {
        string[] source = ["le", "chat", "le"], target = ["the", "cat", "sat", "<eos>"];
        var weights = new double[4, 3];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) weights[i, j] = (i + j) % 3 / 2.0;

        var report = RenderStandalone(Chart.Heatmap(weights, source, target).WithSize(500, 400));

        Assert.Equal(0, report.GetProperty("errors").GetArrayLength());
        Assert.Equal(1, report.GetProperty("heatmaps").GetInt32());
        var ticks = report.GetProperty("yTicksTopToBottom").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(target, ticks);
    }

    [Fact]
    public void Render_reports_drawn_traces_for_a_grid()
    {
        var grid = Chart.Grid(1, 2,
            [Chart.Combine(Chart.Line(new[] { 1.0, 2.0 }, "a"), Chart.Line(new[] { 2.0, 1.0 }, "b")),
             Chart.Heatmap(new double[,] { { 0.1, 0.9 }, { 0.7, 0.3 } }, ["x0", "x1"], ["y0", "y1"])],
            ["curves", "attention"]);

        var report = Browser.Render(grid);

        Assert.True(report.Ok, string.Join("; ", report.Errors));
        Assert.Equal(3, report.DataTraces);
        Assert.Equal(3, report.DrawnTraces);
        Assert.StartsWith("4.", report.PlotlyVersion);
    }

    [Fact]
    public void Png_export_has_the_requested_pixel_size()
    {
        var png = Browser.ToPng(Chart.Line(new[] { 3.0, 1.0, 2.0 }, "loss"), width: 320, height: 200, scale: 2);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // IHDR: width and height are big-endian uint32 at bytes 16 and 20.
        int BigEndian(int at) => png[at] << 24 | png[at + 1] << 16 | png[at + 2] << 8 | png[at + 3];
        Assert.Equal(640, BigEndian(16));
        Assert.Equal(400, BigEndian(20));
    }

    [Fact]
    public void Svg_export_is_an_svg_document_with_the_trace()
    {
        var dir = Directory.CreateTempSubdirectory("wb-svg-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "fig.svg");
            Browser.SaveSvg(Chart.Line(new[] { 3.0, 1.0, 2.0 }, "loss").WithTitle("T<1>"), path, width: 300, height: 200);

            var svg = XDocument.Load(path).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Equal("300", svg.Attribute("width")?.Value);
            Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == "T<1>");
            Assert.Single(Directory.GetFiles(dir)); // atomic write leaves no temp file
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Missing_chromium_fails_with_a_clear_message()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ChromiumRenderer("/nonexistent/chromium"));
        Assert.Contains("/nonexistent/chromium", e.Message);
    }
}
