using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;
using Workbench.Charts;
using Workbench.Frames;

namespace Workbench.Tests.Frames;

/// <summary>Runs the paged table's own script in headless Chromium and clicks its buttons (DataFrame's view).</summary>
public class FramePagingBrowserTests
{
    [Fact]
    public void Pager_buttons_show_the_right_rows_in_a_real_browser()
    {
        var table = new DataFrame(new Int32DataFrameColumn("i", Enumerable.Range(0, 60).Select(i => (int?)i)));
        const string clicker = """
            <pre id="report"></pre>
            <script>
            (function () {
              var root = document.querySelector(".wb-table-view");
              function click(go) { root.querySelector('button[data-go="' + go + '"]').click(); }
              function visible() {
                var rows = Array.prototype.filter.call(root.querySelectorAll("tbody tr"), function (r) { return r.style.display !== "none"; });
                return rows[0].cells[0].textContent + "-" + rows[rows.length - 1].cells[0].textContent + "/" + root.querySelector(".wb-page-label").textContent;
              }
              var seen = [visible()];
              click("next"); seen.push(visible());
              click("last"); seen.push(visible());
              click("next"); seen.push(visible());
              click("prev"); seen.push(visible());
              click("first"); seen.push(visible());
              document.getElementById("report").textContent = seen.join("|");
            })();
            </script>
            """;
        var dir = Directory.CreateTempSubdirectory("wb-table-test-").FullName;
        try
        {
            var page = Path.Combine(dir, "table.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n" + table.ToHtml() + clicker + "</body></html>");
            var dom = new ChromiumRenderer().DumpDom(page, virtualTimeMs: 2000);
            var report = WebUtility.HtmlDecode(Regex.Match(dom, "<pre id=\"report\">(.*?)</pre>", RegexOptions.Singleline).Groups[1].Value);
            Assert.Equal(
                "0-24/Page 1 of 3|25-49/Page 2 of 3|50-59/Page 3 of 3|50-59/Page 3 of 3|25-49/Page 2 of 3|0-24/Page 1 of 3",
                report);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
