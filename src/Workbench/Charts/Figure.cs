using Workbench.IO;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workbench.Notebook;

namespace Workbench.Charts;

/// <summary>
/// A plotly figure: traces (<c>data</c>), <c>layout</c> and <c>config</c> in the plotly.js 4 JSON schema.
/// Immutable: every <c>With*</c>/<c>Update*</c> call returns a new figure. Build one with <see cref="Chart"/>.
/// In a notebook it displays as text/html through the .NET Interactive formatter convention; the page must
/// have loaded plotly.js once (<see cref="PlotlyJs.Script"/>).
/// </summary>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class Figure
{
    readonly JsonArray data;
    readonly JsonObject layout;
    readonly JsonObject config;

    public Figure(IEnumerable<JsonObject> traces, JsonObject? layout = null, JsonObject? config = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        data = new JsonArray();
        foreach (var t in traces)
        {
            if (t["type"] is null) throw new ArgumentException("Every plotly trace needs a \"type\" (scatter, bar, heatmap, ...).", nameof(traces));
            data.Add(t.DeepClone());
        }
        this.layout = (JsonObject?)layout?.DeepClone() ?? new JsonObject();
        PlotlyJson.MergeMissing(this.layout, Defaults);
        this.config = (JsonObject?)config?.DeepClone() ?? new JsonObject { ["responsive"] = true, ["displaylogo"] = false };
    }

    /// <summary>
    /// Layout defaults every figure gets unless it sets them itself, through a plotly template so they reach every
    /// axis of a grid: tick labels with exponents (1e-6) instead of SI prefixes (1µ, which reads as micro-units), and
    /// margins that grow to fit long tick labels and axis titles.
    /// </summary>
    static readonly JsonObject Defaults = new()
    {
        ["template"] = new JsonObject
        {
            ["layout"] = new JsonObject
            {
                ["xaxis"] = new JsonObject { ["exponentformat"] = "e", ["automargin"] = true },
                ["yaxis"] = new JsonObject { ["exponentformat"] = "e", ["automargin"] = true },
            },
        },
    };

    /// <summary>Number of traces.</summary>
    public int TraceCount => data.Count;

    /// <summary>Copies of the traces (editing them does not change the figure; use <see cref="UpdateTraces"/>).</summary>
    public IReadOnlyList<JsonObject> Traces => data.Select(t => (JsonObject)t!.DeepClone()).ToArray();

    /// <summary>A copy of the layout (use <see cref="UpdateLayout"/> to change it).</summary>
    public JsonObject Layout => (JsonObject)layout.DeepClone();

    /// <summary>A copy of the plotly config passed to newPlot.</summary>
    public JsonObject Config => (JsonObject)config.DeepClone();

    /// <summary>Like plotly's update_layout: edits a copy of the layout and returns a new figure.</summary>
    public Figure UpdateLayout(Action<JsonObject> edit)
    {
        var copy = Layout;
        edit(copy);
        return new Figure(Traces, copy, config);
    }

    /// <summary>Like plotly's update_traces: edits a copy of every trace and returns a new figure.</summary>
    public Figure UpdateTraces(Action<JsonObject> edit)
    {
        var copies = Traces;
        foreach (var t in copies) edit(t);
        return new Figure(copies, layout, config);
    }

    /// <summary>Edits a copy of the plotly config (displayModeBar, responsive, ...) and returns a new figure.</summary>
    public Figure UpdateConfig(Action<JsonObject> edit)
    {
        var copy = Config;
        edit(copy);
        return new Figure(Traces, layout, copy);
    }

    public Figure WithTitle(string title) => UpdateLayout(l => l["title"] = PlotlyJson.Title(title));

    /// <summary>Sets the x axis title and options. <paramref name="type"/>: "linear", "log", "date" or "category".
    /// <paramref name="subplot"/> picks xaxis2, xaxis3, ... in a <see cref="Chart.Grid"/>.</summary>
    public Figure WithXAxis(string? title = null, string? type = null, double[]? range = null, bool? showGrid = null, int subplot = 1) =>
        UpdateLayout(l => ConfigureAxis(l, "xaxis", subplot, title, type, range, showGrid));

    /// <summary>Sets the y axis title and options; see <see cref="WithXAxis"/>. For a "log" axis the range is in log10 units.</summary>
    public Figure WithYAxis(string? title = null, string? type = null, double[]? range = null, bool? showGrid = null, int subplot = 1) =>
        UpdateLayout(l => ConfigureAxis(l, "yaxis", subplot, title, type, range, showGrid));

    /// <summary>Shows or hides the legend; <paramref name="orientation"/> "v" (default) or "h".</summary>
    public Figure WithLegend(bool show = true, string? orientation = null) => UpdateLayout(l =>
    {
        l["showlegend"] = show;
        if (orientation is not null)
        {
            if (orientation is not ("h" or "v")) throw new ArgumentException($"Legend orientation must be \"h\" or \"v\", got \"{orientation}\".", nameof(orientation));
            PlotlyJson.Child(l, "legend")["orientation"] = orientation;
        }
    });

    /// <summary>Fixes the figure size in pixels.</summary>
    public Figure WithSize(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Figure size must be positive, got {width}x{height}.");
        return UpdateLayout(l => { l["width"] = width; l["height"] = height; });
    }

    static readonly string[] AxisTypes = ["-", "linear", "log", "date", "category", "multicategory"];

    static void ConfigureAxis(JsonObject layout, string axis, int subplot, string? title, string? type, double[]? range, bool? showGrid)
    {
        if (subplot < 1) throw new ArgumentOutOfRangeException(nameof(subplot), $"Subplots are numbered from 1, got {subplot}.");
        var a = PlotlyJson.Child(layout, subplot == 1 ? axis : axis + subplot);
        if (title is not null) a["title"] = PlotlyJson.Title(title);
        if (type is not null)
        {
            if (!AxisTypes.Contains(type)) throw new ArgumentException($"Unknown plotly axis type \"{type}\"; use one of {string.Join(", ", AxisTypes)}.", nameof(type));
            a["type"] = type;
        }
        if (range is not null)
        {
            if (range.Length != 2) throw new ArgumentException($"An axis range has 2 values [min, max], got {range.Length}.", nameof(range));
            a["range"] = PlotlyJson.Numbers(range);
        }
        if (showGrid is not null) a["showgrid"] = showGrid.Value;
    }

    /// <summary>The figure as <c>{"data":[...],"layout":{...}}</c> (the plotly.js / application/vnd.plotly.v1+json shape).</summary>
    public string ToJson() => new JsonObject { ["data"] = data.DeepClone(), ["layout"] = layout.DeepClone() }.ToJsonString(PlotlyJson.Options);

    /// <summary>
    /// A &lt;div&gt; and a &lt;script&gt; that waits for <c>window.Plotly</c> (no require.js, no CDN) and then calls
    /// Plotly.newPlot. The id is deterministic (content hash + sequence) unless <paramref name="divId"/> is given.
    /// </summary>
    public string ToHtml(string? divId = null)
    {
        var json = new JsonObject { ["data"] = data.DeepClone(), ["layout"] = layout.DeepClone(), ["config"] = config.DeepClone() }
            .ToJsonString(PlotlyJson.Options);
        var id = divId ?? DomId.Next("wb-plot", json);
        var idJs = JsonValue.Create(id).ToJsonString(PlotlyJson.Options);
        var sb = new StringBuilder();
        sb.Append("<div id=\"").Append(WebUtility.HtmlEncode(id)).Append("\" class=\"wb-plot\"></div>\n");
        sb.Append("<script type=\"text/javascript\">\n(function () {\n");
        // currentScript is only set while the script first runs; the div right before it is ours even if an
        // older output in the same webview carries the same id.
        sb.Append("  var script = document.currentScript, id = ").Append(idJs).Append(", figure = ").Append(json).Append(", tries = 0;\n");
        sb.Append("""
              function target() {
                var prev = script && script.previousElementSibling;
                return prev && prev.id === id ? prev : document.getElementById(id);
              }
              function draw() {
                var gd = target();
                if (gd && window.Plotly) { window.Plotly.newPlot(gd, figure.data, figure.layout, figure.config); return; }
                if (++tries > 600) {
                  if (gd) gd.textContent = "plotly.js is not loaded: display Workbench.Notebook.PlotlyJs.Script() once (e.g. in the first cell).";
                  return;
                }
                setTimeout(draw, 50);
              }
              draw();
            })();
            </script>
            """);
        return sb.ToString();
    }

    /// <summary>A complete HTML page that loads plotly.js from <paramref name="plotlyScriptSrc"/> (e.g. "plotly.min.js",
    /// written once with <see cref="PlotlyJs.WriteTo"/>).</summary>
    public string ToStandaloneHtml(string plotlyScriptSrc, string? divId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plotlyScriptSrc);
        var title = layout["title"]?["text"]?.GetValue<string>() ?? "Figure";
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n" +
               $"<title>{WebUtility.HtmlEncode(title)}</title>\n" +
               $"<script type=\"text/javascript\" src=\"{WebUtility.HtmlEncode(plotlyScriptSrc)}\"></script>\n" +
               "</head>\n<body>\n" + ToHtml(divId) + "\n</body>\n</html>\n";
    }

    /// <summary>Writes <see cref="ToStandaloneHtml"/> to <paramref name="path"/> atomically.</summary>
    public void SaveHtml(string path, string plotlyScriptSrc) => AtomicFile.WriteAllText(path, ToStandaloneHtml(plotlyScriptSrc));

    public override string ToString()
    {
        var kinds = string.Join(", ", data.Select(t => t!["type"]!.GetValue<string>()));
        var title = layout["title"]?["text"]?.GetValue<string>();
        return $"Figure({data.Count} trace{(data.Count == 1 ? "" : "s")}: {kinds}){(title is null ? "" : $" \"{title}\"")}";
    }
}
