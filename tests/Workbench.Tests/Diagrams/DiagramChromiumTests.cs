using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Charts;
using Workbench.Diagrams;

namespace Workbench.Tests.Diagrams;

/// <summary>
/// The diagrams in real headless Chromium (/usr/bin/chromium; fails, not skips, without it): inline in a page of
/// notebook width (900 px) every text lies inside its drawing, no two texts overlap, the main text is at least
/// 9 px tall after scaling, and every saved .svg file loads as an image. Set WORKBENCH_DIAGRAM_PNG to a folder to
/// also get PNG screenshots for looking at.
/// </summary>
public class DiagramChromiumTests
{
    static readonly ChromiumRenderer Browser = new();

    const string Checker = """
        <pre id="report"></pre>
        <script>
        (function () {
          var out = [];
          document.querySelectorAll(".wb-diagram svg").forEach(function (svg) {
            var vb = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / vb.width, problems = [], boxes = [], minFont = 1e9;
            svg.querySelectorAll("text").forEach(function (t) {
              var b = t.getBBox(), s = t.textContent;
              if (b.width === 0 || b.height === 0) problems.push("not drawn: " + s);
              if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5) problems.push("outside the drawing: " + s);
              minFont = Math.min(minFont, parseFloat(t.getAttribute("font-size")) * scale);
              boxes.push({ x: b.x, y: b.y, r: b.x + b.width, b: b.y + b.height, s: s });
            });
            for (var i = 0; i < boxes.length; i++)
              for (var j = i + 1; j < boxes.length; j++) {
                var p = boxes[i], q = boxes[j];
                var w = Math.min(p.r, q.r) - Math.max(p.x, q.x), h = Math.min(p.b, q.b) - Math.max(p.y, q.y);
                if (w > 1 && h > 1 && w * h > 6) problems.push("overlap: \"" + p.s + "\" / \"" + q.s + "\"");
              }
            out.push({ title: svg.querySelector("title").textContent, texts: boxes.length, scale: scale, minFont: minFont, problems: problems });
          });
          var images = Array.prototype.slice.call(document.querySelectorAll("img"));
          function finish() {
            var broken = images.filter(function (im) { return !(im.complete && im.naturalWidth > 0); }).map(function (im) { return im.getAttribute("src"); });
            document.getElementById("report").textContent = JSON.stringify({ diagrams: out, images: images.length, broken: broken });
          }
          var pending = images.filter(function (im) { return !im.complete; }).length;
          if (pending === 0) { finish(); return; }
          images.forEach(function (im) { if (!im.complete) { im.onload = im.onerror = function () { if (--pending === 0) finish(); }; } });
        })();
        </script>
        """;

    [Fact]
    public void Diagrams_render_legibly_in_chromium_at_notebook_width()
    {
        var examples = DiagramExamples.All().Append(("rnn-16-last-loss", RnnDiagram.Unrolled(16, lossStep: 16)))
            .Append(("attention-14", AttentionDiagram.WeightedSum("ab cd ef gh ij".Select(ch => ch.ToString()).ToArray(),
                    [0.05, 0.05, 0.1, 0.02, 0.03, 0.4, 0.2, 0.05, 0.04, 0.01, 0.01, 0.01, 0.01, 0.02], step: 3)))
            .Append(("lstm-seq2seq", Seq2SeqDiagram.EncoderDecoder(["the", "old", "man", "and", "the", "sea"], ["el", "viejo", "y", "el", "mar"], 256, Workbench.Recurrent.CellKind.Lstm)))
            .ToList();
        var dir = Directory.CreateTempSubdirectory("wb-diagram-render-").FullName;
        try
        {
            var page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0;width:900px;background:#fff\">\n");
            foreach (var (name, d) in examples)
            {
                d.Save(Path.Combine(dir, name + ".svg"));
                page.Append(d.ToHtml()).Append('\n');
                page.Append("<img alt=\"\" style=\"width:40px\" src=\"").Append(WebUtility.HtmlEncode(name)).Append(".svg\">\n");
            }
            page.Append(Checker).Append("</body></html>\n");
            var html = Path.Combine(dir, "page.html");
            File.WriteAllText(html, page.ToString());
            var dom = Browser.DumpDom(html);
            var m = Regex.Match(dom, "<pre id=\"report\">(.*?)</pre>", RegexOptions.Singleline);
            Assert.True(m.Success && m.Groups[1].Value.Length > 0, "the checker did not report:\n" + dom[..Math.Min(dom.Length, 2000)]);
            using var report = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value));
            var root = report.RootElement;
            Assert.Equal(examples.Count, root.GetProperty("images").GetInt32());
            Assert.Empty(root.GetProperty("broken").EnumerateArray());
            var diagrams = root.GetProperty("diagrams").EnumerateArray().ToList();
            Assert.Equal(examples.Count, diagrams.Count);
            var problems = new List<string>();
            foreach (var d in diagrams)
            {
                var title = d.GetProperty("title").GetString();
                Assert.True(d.GetProperty("texts").GetInt32() > 5, title);
                if (d.GetProperty("minFont").GetDouble() < 9) problems.Add($"{title}: smallest text {d.GetProperty("minFont").GetDouble():F1} px at 900 px width");
                problems.AddRange(d.GetProperty("problems").EnumerateArray().Select(p => $"{title}: {p.GetString()}"));
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));

            if (Environment.GetEnvironmentVariable("WORKBENCH_DIAGRAM_PNG") is { Length: > 0 } pngDir)
                foreach (var (name, d) in examples)
                {
                    var single = Path.Combine(dir, name + ".html");
                    File.WriteAllText(single, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0;background:#fff\">" + d.ToHtml() + "</body></html>");
                    Browser.Screenshot(single, Path.Combine(pngDir, name + ".png"), (int)d.Width, (int)d.Height + 8, 1000);
                }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
