using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Analysis;
using Workbench.Notebook;

namespace Workbench.Frames;

/// <summary>
/// HTML rendering of a DataFrame in the style of its own notebook extension (an index column; above one page of
/// rows, first/previous/next/last buttons driven by a small inline script), but reproducible: the element id is a
/// hash of the content (<see cref="DomId"/>), not the clock, so the same table gives the same HTML on every run.
/// </summary>
internal static class FrameHtml
{
    public const int MaxRows = 10_000;

    public static string Render(DataFrame t, int pageSize)
    {
        if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), $"pageSize must be at least 1, got {pageSize}.");
        var columns = t.Columns.ToArray();
        long rowCount = t.Rows.Count;
        int shown = (int)Math.Min(rowCount, MaxRows);
        int pages = Math.Max(1, (shown + pageSize - 1) / pageSize);

        var body = new StringBuilder();
        body.Append("<table class=\"wb-table\">\n<thead><tr><th></th>");
        foreach (var c in columns)
            body.Append("<th title=\"").Append(c.DataType.Name).Append("\">").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        body.Append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++)
        {
            int page = r / pageSize;
            body.Append("<tr data-page=\"").Append(page).Append('"').Append(page == 0 ? "" : " style=\"display:none\"").Append("><td><i>")
                .Append(r).Append("</i></td>");
            foreach (var c in columns)
                body.Append(FrameColumns.IsNumeric(c.DataType) ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(FrameText.Cell(c[r]))).Append("</td>");
            body.Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");

        var html = new StringBuilder();
        var id = DomId.Next("wb-table", body.ToString());
        html.Append("<div id=\"").Append(id).Append("\" class=\"wb-table-view\">\n").Append(body);
        html.Append("<div class=\"wb-table-info\">").Append(rowCount).Append(" rows \u00d7 ").Append(columns.Length).Append(" columns");
        if (shown < rowCount) html.Append(" (showing the first ").Append(shown).Append(')');
        html.Append("</div>\n");
        if (pages > 1)
        {
            html.Append("<div class=\"wb-pager\">")
                .Append("<button data-go=\"first\" title=\"first page\">\u23ee</button> ")
                .Append("<button data-go=\"prev\" title=\"previous page\">\u25c0</button> ")
                .Append("<span class=\"wb-page-label\">Page 1 of ").Append(pages).Append("</span> ")
                .Append("<button data-go=\"next\" title=\"next page\">\u25b6</button> ")
                .Append("<button data-go=\"last\" title=\"last page\">\u23ed</button></div>\n");
            html.Append("<script type=\"text/javascript\">\n(function () {\n")
                .Append("  var script = document.currentScript, id = ").Append(JsonSerializer.Serialize(id)).Append(", pages = ").Append(pages).Append(", page = 0;\n")
                .Append("""
                      var root = (script && script.parentElement && script.parentElement.id === id) ? script.parentElement : document.getElementById(id);
                      var rows = root.querySelectorAll("tbody tr"), label = root.querySelector(".wb-page-label");
                      function show(p) {
                        page = Math.max(0, Math.min(pages - 1, p));
                        for (var i = 0; i < rows.length; i++) rows[i].style.display = (+rows[i].getAttribute("data-page") === page) ? "" : "none";
                        label.textContent = "Page " + (page + 1) + " of " + pages;
                      }
                      var go = { first: function () { return 0; }, prev: function () { return page - 1; },
                                 next: function () { return page + 1; }, last: function () { return pages - 1; } };
                      root.querySelectorAll(".wb-pager button").forEach(function (b) {
                        b.addEventListener("click", function () { show(go[b.getAttribute("data-go")]()); });
                      });
                    })();
                    </script>

                    """);
        }
        html.Append("</div>");
        return html.ToString();
    }
}
