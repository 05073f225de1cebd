using System.Text.RegularExpressions;
using Workbench.Cli.Reports;
using Workbench.Charts;

namespace Workbench.Tests.Runner;

/// <summary>Reports show what a notebook holds and run nothing it did not mean to run: markdown's raw HTML,
/// printed text and exception messages come out escaped; the notes' notation, written as LaTeX, is drawn by KaTeX
/// (checked in real headless Chromium).</summary>
[Collection(RunnerCollection.Name)]
public sealed class ReportSafetyTests
{
    const string Markup = "<script>x</script> a < b & c";

    static async Task<string> Report(TestNotebooks nb, params string[] cells)
    {
        string path = nb.Write("r.ipynb", cells);
        var items = await NotebookBatch.RunAsync([path], new BatchOptions(Path.Combine(nb.Folder, "out")));
        Assert.Null(items[0].Problem);
        return File.ReadAllText(Path.Combine(nb.Folder, "out", "r.html"));
    }

    static string Body(string report) => report[report.IndexOf("<main>", StringComparison.Ordinal)..];

    [Fact]
    public async Task Raw_html_in_markdown_is_written_as_text()
    {
        using var nb = new TestNotebooks();
        string report = Body(await Report(nb,
            "md:# Title\n\n<script>alert('md')</script>\n\nA picture: <img src=x onerror=\"alert(1)\"> and a state a<t>.\n\n" +
            "[click](javascript:alert(2)) [ok](https://example.org/a) [rel](other.html#x) [data](data:text/html;base64,PHNjcmlwdD4=)",
            "1"));
        Assert.DoesNotContain("<script>alert", report);
        Assert.DoesNotContain("<img src=x", report);
        Assert.DoesNotContain("<img src=\"x\"", report);
        Assert.Contains("&lt;script&gt;alert('md')&lt;/script&gt;", report);
        Assert.Contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", report);
        Assert.Contains("a state a&lt;t&gt;.", report);   // shown as typed, not swallowed as a tag
        Assert.DoesNotContain("javascript:", report);
        Assert.DoesNotContain("data:text/html", report);
        Assert.Contains("href=\"https://example.org/a\"", report);
        Assert.Contains("href=\"other.html#x\"", report);
    }

    [Fact]
    public async Task Printed_text_and_exception_messages_are_escaped()
    {
        using var nb = new TestNotebooks();
        string whole = await Report(nb,
            $"Console.WriteLine(\"{Markup}\"); Console.Error.WriteLine(\"err {Markup}\");",
            $"throw new InvalidOperationException(\"{Markup}\");");
        string report = Body(whole);
        Assert.DoesNotContain("<script>x</script>", report);
        const string escaped = "&lt;script&gt;x&lt;/script&gt; a &lt; b &amp; c";
        Assert.Contains($"<pre class=\"stream stdout\">{escaped}\n</pre>", report);
        Assert.Contains($"<pre class=\"stream stderr\">err {escaped}\n</pre>", report);
        Assert.Matches($"<pre class=\"error\">Cell 2, line 1: System.InvalidOperationException: {Regex.Escape(escaped)}", report);
        // The summary at the top names the failure, escaped too.
        Assert.DoesNotContain("<script>x</script>", whole);
        Assert.Contains($"1 cell(s) failed: Cell 2, line 1: System.InvalidOperationException: {escaped}", whole);
    }

    [Fact]
    public async Task Notation_written_as_latex_is_drawn_by_katex_in_the_browser()
    {
        using var nb = new TestNotebooks();
        string reportText = await Report(nb,
            "md:# Notation\n\nThe state $a^{\\langle t \\rangle}$, the gate $\\Gamma_u$ and\n\n$$\\hat{y}^{\\langle t \\rangle} = \\mathrm{softmax}(W_{ya} a^{\\langle t \\rangle} + b_y)$$",
            "1");
        // One shared KaTeX beside the report, referenced, not inlined.
        Assert.Contains("<script src=\"katex/katex.min.js\"></script>", reportText);
        Assert.True(reportText.Length < 100_000);
        string katexJs = Path.Combine(nb.Folder, "out", "katex", "katex.min.js");
        Assert.True(new FileInfo(katexJs).Length > 100_000);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(nb.Folder, "out", "katex", "fonts"), "*.woff2"));

        string dom = new ChromiumRenderer().DumpDom(Path.Combine(nb.Folder, "out", "r.html"), virtualTimeMs: 5_000);
        Assert.Equal(3, Regex.Matches(dom, "<span class=\"katex\">").Count);        // two inline, one display
        Assert.Single(Regex.Matches(dom, "<span class=\"katex-display\">"));
        Assert.Contains("<annotation encoding=\"application/x-tex\">a^{\\langle t \\rangle}</annotation>", dom);
        Assert.Contains("⟨", dom);                                                   // \langle drawn as a glyph
        Assert.DoesNotContain("\\(a^{", dom);                                        // no raw TeX left
    }

    [Fact]
    public void Every_lesson_writes_its_notation_as_latex_and_no_bare_angle_brackets()
    {
        // The notes' a<t>-style notation in a markdown cell is taken as an HTML tag by Jupyter, VS Code and
        // GitHub; the lessons write it as LaTeX, and the reports draw it.
        int latex = 0;
        foreach (string path in Directory.GetFiles(RepoPaths.File("notebooks"), "*.ipynb"))
        {
            var doc = Workbench.Cli.Runner.NotebookDocument.Load(path);
            foreach (var cell in doc.Cells.Where(c => c.IsMarkdown))
            {
                string prose = Regex.Replace(cell.Source, "(`+).*?\\1|\\$\\$.*?\\$\\$|\\$[^$\\n]+\\$|^    .*$", "",
                    RegexOptions.Singleline | RegexOptions.Multiline);
                Assert.DoesNotMatch(@"\b[a-zA-Zŷα]<[^<>\s]{1,12}>", prose);
                latex += Regex.Matches(cell.Source, @"\\langle").Count;
            }
        }
        Assert.True(latex > 100, $"only {latex} superscripts written as LaTeX");
    }
}
