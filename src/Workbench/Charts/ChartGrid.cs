using System.Text.Json.Nodes;

namespace Workbench.Charts;

/// <summary>
/// Builds subplot figures with plotly's layout.grid: subplot k (1-based, row by row) draws on axes xk/yk
/// (plain x/y for k = 1), takes over its figure's xaxis/yaxis settings, and gets a title annotation placed on its
/// axis domain. Heatmap colour bars are moved next to their own cell so they do not pile up on the right edge.
/// A trace whose legend entry (legendgroup, else name) an earlier panel already shows gets none, so a condition
/// drawn in every panel is one legend entry that toggles it everywhere. With shareY every panel uses the first
/// panel's y range (plotly's "matches"), so panels can be compared by eye.
/// </summary>
internal static class ChartGrid
{
    const double XGap = 0.2, YGap = 0.3; // fractions of one cell, as plotly defines grid.xgap/ygap

    public static Figure Build(int rows, int cols, IEnumerable<Figure> figures, IEnumerable<string>? subplotTitles, bool shareY = false)
    {
        if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"A grid needs at least 1x1 cells, got {rows}x{cols}.");
        var figs = figures?.ToArray() ?? throw new ArgumentNullException(nameof(figures));
        if (figs.Length == 0) throw new ArgumentException("Grid needs at least one figure.", nameof(figures));
        if (figs.Length > rows * cols) throw new ArgumentException($"Grid {rows}x{cols} has {rows * cols} cells but got {figs.Length} figures.", nameof(figures));
        var titles = subplotTitles?.ToArray();
        if (titles is not null && titles.Length > figs.Length)
            throw new ArgumentException($"Got {titles.Length} subplot titles for {figs.Length} figures.", nameof(subplotTitles));

        var layout = new JsonObject
        {
            ["grid"] = new JsonObject
            {
                ["rows"] = rows, ["columns"] = cols, ["pattern"] = "independent", ["roworder"] = "top to bottom",
                ["xgap"] = XGap, ["ygap"] = YGap,
            },
        };
        var annotations = new JsonArray();
        var traces = new List<JsonObject>();
        var legendShown = new HashSet<string>();
        for (int k = 0; k < figs.Length; k++)
        {
            var suffix = k == 0 ? "" : (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var source = figs[k].Layout;
            if (source["xaxis"] is JsonObject xa) layout["xaxis" + suffix] = xa.DeepClone();
            if (source["yaxis"] is JsonObject ya) layout["yaxis" + suffix] = ya.DeepClone();
            if (shareY && k > 0) PlotlyJson.Child(layout, "yaxis" + suffix)["matches"] = "y";
            if (k == 0 && source["legend"] is JsonObject legend) layout["legend"] = legend.DeepClone();
            var (row, col) = (k / cols, k % cols);
            foreach (var t in figs[k].Traces)
            {
                t["xaxis"] = "x" + suffix;
                t["yaxis"] = "y" + suffix;
                if (t["type"]?.GetValue<string>() is "heatmap" or "contour") PlaceColorBar(t, row, col, rows, cols);
                OneLegendEntry(t, legendShown);
                traces.Add(t);
            }
            var title = titles is not null ? (k < titles.Length ? titles[k] : null) : source["title"]?["text"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(title))
                annotations.Add(new JsonObject
                {
                    ["text"] = title, ["showarrow"] = false,
                    ["xref"] = $"x{suffix} domain", ["yref"] = $"y{suffix} domain",
                    ["x"] = 0.5, ["y"] = 1.0, ["xanchor"] = "center", ["yanchor"] = "bottom",
                    ["font"] = new JsonObject { ["size"] = 14 },
                });
        }
        if (annotations.Count > 0) layout["annotations"] = annotations;
        return new Figure(traces, layout, figs[0].Config);
    }

    static void OneLegendEntry(JsonObject trace, HashSet<string> shown)
    {
        var key = trace["legendgroup"]?.GetValue<string>() ?? trace["name"]?.GetValue<string>();
        if (key is null || trace["showlegend"]?.GetValue<bool>() == false) return;
        trace["legendgroup"] = key;
        if (!shown.Add(key)) trace["showlegend"] = false;
    }

    /// <summary>Cell c of n spans [c·w(1+gap), c·w(1+gap) + w] with w = 1 / (n + (n-1)·gap), as in plotly's grid.</summary>
    internal static (double Start, double End) Domain(int index, int count, double gap)
    {
        var w = 1.0 / (count + (count - 1) * gap);
        var start = index * w * (1 + gap);
        return (start, start + w);
    }

    static void PlaceColorBar(JsonObject trace, int row, int col, int rows, int cols)
    {
        var (_, xEnd) = Domain(col, cols, XGap);
        // Rows run top to bottom, paper y runs bottom to top.
        var (yStart, yEnd) = Domain(rows - 1 - row, rows, YGap);
        var bar = PlotlyJson.Child(trace, "colorbar");
        bar["x"] = xEnd + 0.01;
        bar["xanchor"] = "left";
        bar["y"] = (yStart + yEnd) / 2;
        bar["yanchor"] = "middle";
        bar["len"] = yEnd - yStart;
        bar["thickness"] = 12;
    }
}
