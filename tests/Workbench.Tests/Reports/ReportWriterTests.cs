using System.Text.Json.Nodes;
using Workbench.Cli.Reports;
using Workbench.Cli.Runner;

namespace Workbench.Tests.Reports;

/// <summary>The report of an executed notebook, rendered straight from the notebook's JSON (no kernel): each output in
/// its richest format, text escaped, labels and the failure summary as written. The runner's report tests
/// (Runner/ReportSafetyTests) check the same through real runs; these reach every branch in milliseconds, which is
/// what lets mutation testing run them against every mutant (issue 20).</summary>
public class ReportWriterTests
{
    const string Markup = "<script>x</script> a < b & c";
    const string Escaped = "&lt;script&gt;x&lt;/script&gt; a &lt; b &amp; c";

    static JsonObject Code(string id, int? count, string source, JsonArray outputs, params string[] tags)
    {
        var cell = new JsonObject
        {
            ["cell_type"] = "code", ["id"] = id, ["execution_count"] = count,
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["source"] = source, ["outputs"] = outputs,
        };
        if (tags.Length > 0) cell["metadata"]!["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        return cell;
    }

    static JsonObject Display(string type, params (string Mime, string Text)[] data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in data) bundle[mime] = text;
        var o = new JsonObject { ["output_type"] = type, ["data"] = bundle, ["metadata"] = new JsonObject() };
        if (type == "execute_result") o["execution_count"] = 1;
        return o;
    }

    static JsonObject Stream(string name, string text) => new() { ["output_type"] = "stream", ["name"] = name, ["text"] = text };

    static NotebookDocument Notebook(string path, params JsonObject[] cells) => NotebookDocument.Parse(new JsonObject
    {
        ["cells"] = new JsonArray(cells),
        ["metadata"] = JsonNode.Parse("""{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}}"""),
        ["nbformat"] = 4, ["nbformat_minor"] = 5,
    }.ToJsonString(), path);

    static NotebookRunResult Result(NotebookDocument doc, params CellFailure[] failures) =>
        new(doc, failures, [], doc.Cells.Count(c => c.IsCode), TimeSpan.FromSeconds(1));

    static string MainElement(string report) => report[report.IndexOf("<main>", StringComparison.Ordinal)..];

    [Fact]
    public void Each_output_is_written_in_its_richest_format_and_text_is_escaped()
    {
        var doc = Notebook("/tmp/lessons/outputs.ipynb",
            new JsonObject { ["cell_type"] = "markdown", ["id"] = "intro", ["metadata"] = new JsonObject(), ["source"] = "# Outputs <b>\n\n**bold**" },
            Code("p", 1, "int n = 3;", [], "parameters"),
            Code("inj", 2, "n = 4;", [], "injected-parameters"),
            Code("c4", 3, $"Console.WriteLine(\"{Markup}\");", [Stream("stdout", Markup + "\n"), Stream("stderr", "warn " + Markup)]),
            Code("c5", 4, "display(x)", [
                Display("display_data", ("text/plain", "plain " + Markup), ("text/html", "<div id=\"h\">html</div>")),
                Display("display_data", ("text/plain", "ignored"), ("image/svg+xml", "<svg id=\"s\"></svg>")),
                Display("execute_result", ("text/plain", "value " + Markup)),
                Display("display_data", ("text/markdown", "**md** <i>x</i>"), ("text/plain", "not this")),
                Display("display_data", ("application/json", "{\"a\": \"<b>\"}")),
                Display("display_data", ("image/jpeg", "/9j/AA\nBB")),
                Display("display_data", ("application/x-unknown", "nothing")),
            ]),
            Code("c6", null, "// not run", []));
        string report = ReportWriter.Render(Result(doc));
        string main = MainElement(report);

        Assert.Contains("<title>Outputs &lt;b&gt;</title>", report);
        Assert.Contains("<p class=\"label\">outputs.ipynb</p>", report);
        Assert.Contains("<p class=\"ok\">All 5 code cells ran without errors.</p>", report);
        Assert.Contains("<meta name=\"workbench-status\" content=\"ok\">", report);

        Assert.Contains("<section class=\"cell\" id=\"intro\">\n<h1 id=\"outputs-b\">Outputs &lt;b&gt;</h1>", main);
        Assert.Contains("<strong>bold</strong>", main);
        Assert.Contains("<div class=\"label\">[1] parameters</div>", main);
        Assert.Contains("<div class=\"label\">[2] injected parameters</div>", main);
        Assert.Contains("<div class=\"label\">[3] cell 4</div>", main);
        Assert.Contains("<div class=\"label\">[ ] cell 6</div>", main);
        Assert.Contains($"<pre class=\"code\"><code class=\"language-csharp\">Console.WriteLine(&quot;{Escaped}&quot;);</code></pre>", main);
        Assert.Contains($"<pre class=\"stream stdout\">{Escaped}\n</pre>\n", main);
        Assert.Contains($"<pre class=\"stream stderr\">warn {Escaped}</pre>\n", main);
        Assert.Contains("<div class=\"output\"><div id=\"h\">html</div></div>\n", main);
        Assert.DoesNotContain("plain &lt;script", main);
        Assert.Contains("<div class=\"output\"><svg id=\"s\"></svg></div>\n", main);
        Assert.Contains($"<div class=\"output\"><pre class=\"stream\">value {Escaped}</pre></div>\n", main);
        Assert.Contains("<div class=\"output\"><p><strong>md</strong> &lt;i&gt;x&lt;/i&gt;</p>\n</div>\n", main);
        Assert.DoesNotContain("not this", main);
        Assert.Contains("<div class=\"output\"><pre class=\"stream\">{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</pre></div>\n", main);
        Assert.Contains("<div class=\"output\"><img src=\"data:image/jpeg;base64,/9j/AABB\" alt=\"output\"></div>\n", main);
        Assert.DoesNotContain("nothing", main);
        Assert.Contains("/9j/AABB\" alt=\"output\"></div>\n</section>", main);   // the unknown type adds nothing at all
        Assert.DoesNotContain("<div class=\"output\"></div>", main);
        Assert.DoesNotContain("wb-chart", main);
    }

    [Fact]
    public void A_failed_run_is_summarised_escaped_and_its_error_output_is_written_as_text()
    {
        string[] trace = [$"Cell 2, line 1: System.Exception: {Markup}", "   at Submission#1"];
        var doc = Notebook("/tmp/r.ipynb",
            Code("a", 1, "1", []),
            Code("b", 2, "throw", [new JsonObject { ["output_type"] = "error", ["ename"] = "System.Exception", ["evalue"] = Markup, ["traceback"] = new JsonArray([.. trace.Select(t => (JsonNode)t)]) }]),
            Code("c", 3, "throw", []));
        var failures = new[]
        {
            new CellFailure(2, "b", new ErrorOutput("System.Exception", Markup, trace)),
            new CellFailure(3, "c", new ErrorOutput("E", "second", ["Cell 3, line 1: E: second"])),
        };
        string report = ReportWriter.Render(Result(doc, failures));
        Assert.Contains($"<p class=\"failed\">2 cell(s) failed: Cell 2, line 1: System.Exception: {Escaped}; Cell 3, line 1: E: second</p>", report);
        Assert.Contains("<meta name=\"workbench-status\" content=\"failed\">", report);
        Assert.DoesNotContain("All 3 code cells", report);
        Assert.Contains($"<pre class=\"error\">Cell 2, line 1: System.Exception: {Escaped}\n   at Submission#1</pre>\n", MainElement(report));
        Assert.DoesNotContain("<script>x</script>", report);
    }

    /// <summary>A 1x1 PNG header (the signature and IHDR chunk are all <see cref="FigureFile.Size"/> reads).</summary>
    static byte[] Png(int width, int height)
    {
        var b = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(b, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(20), height);
        return b;
    }

    [Fact]
    public void The_page_is_well_formed_sections_close_and_the_style_sheet_parses()
    {
        var noId = new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = "text" };
        var doc = Notebook("/tmp/lessons/shape.ipynb", Code("a", 1, "1", []), noId, Code("c", 2, "2", [Display("execute_result", ("text/plain", "2"))]));
        string report = ReportWriter.Render(Result(doc));

        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(report, "<section class=\"cell\""));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(report, "</section>\n"));
        Assert.Contains("<section class=\"cell\" id=\"cell-2\">", report);   // a cell without an id gets its 1-based position
        int main = report.IndexOf("</main>", StringComparison.Ordinal);
        Assert.True(main > report.LastIndexOf("</section>", StringComparison.Ordinal) && main < report.IndexOf("</body>", StringComparison.Ordinal));

        // Every rule of the style sheet is "selector { declarations }": one brace missing anywhere and this fails.
        int s0 = report.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length, s1 = report.IndexOf("</style>", StringComparison.Ordinal);
        string sheet = report[s0..s1];
        var rule = new System.Text.RegularExpressions.Regex(@"\G\s*([^{}\s][^{}]*?)\s*\{([^{}]*)\}");
        int at = 0, rules = 0;
        for (var m = rule.Match(sheet); m.Success; m = rule.Match(sheet, at)) { Assert.Contains(":", m.Groups[2].Value); at = m.Index + m.Length; rules++; }
        Assert.Equal("", sheet[at..].Trim());
        Assert.Equal(16, rules);   // counted by hand in ReportHtml.Page
    }

    [Fact]
    public void A_report_loads_plotly_and_katex_and_the_index_does_not()
    {
        string report = ReportWriter.Render(Result(Notebook("/tmp/lessons/one.ipynb", Code("a", 1, "1", []))));
        string head = report[..report.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Contains($"<script src=\"{ReportHtml.PlotlyFileName}\"></script>", head);
        Assert.Contains(KatexAssets.HeadTags, head);
        Assert.Contains(KatexAssets.RenderScript + "</body>", report);

        string index = ReportHtml.Page("Notebook reports", "ok", "<ul></ul>", report: false);
        Assert.DoesNotContain("<script", index);
        Assert.Contains("<title>Notebook reports</title>\n<style>", index);   // nothing between title and style
        Assert.Contains("<ul></ul>\n</body>", index);
        Assert.Contains("<ul></ul>", index);
    }

    [Fact]
    public void A_chart_with_a_figure_file_shows_its_static_image_with_the_size_from_the_png()
    {
        var doc = Notebook("/tmp/lessons/chart.ipynb", Code("a", 1, "chart", [Display("display_data", ("text/html", "<div class=\"wb-chart\">plot</div>"))]));
        var figure = new FigureFile(0, 0, "chart figures/cell 1.png", Png(640, 480));
        string report = ReportWriter.Render(Result(doc), [figure]);
        Assert.Contains("<img class=\"wb-static\" src=\"chart%20figures/cell%201.png\" width=\"640\" height=\"480\" alt=\"chart (static image)\">", report);
        Assert.Contains("<div class=\"output wb-chart\"><img class=\"wb-static\"", report);   // the class that swaps image and plot
        Assert.DoesNotContain("<img class=\"wb-static\"", ReportWriter.Render(Result(doc)));   // without the file: the chart alone
        Assert.Contains("<div class=\"output\"><div class=\"wb-chart\">plot</div></div>", ReportWriter.Render(Result(doc)));

        // A PNG output with its file is linked, not inlined, and is not a chart.
        var png = Notebook("/tmp/lessons/png.ipynb", Code("a", 1, "img", [Display("display_data", ("image/png", "iVBORw0KGgo="))]));
        string linked = ReportWriter.Render(Result(png), [new FigureFile(0, 0, "png/cell-1.png", Png(3, 2))]);
        Assert.Contains("<div class=\"output\"><img class=\"wb-static\" src=\"png/cell-1.png\" width=\"3\" height=\"2\"", linked);
        Assert.DoesNotContain("data:image/png", linked);
        Assert.Contains("<div class=\"output\"><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"output\"></div>", ReportWriter.Render(Result(png)));
    }
}

