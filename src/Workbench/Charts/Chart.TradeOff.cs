using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.Charts;

public static partial class Chart
{
    /// <summary>
    /// A trade-off between two measures over seeds, e.g. likelihood against diversity for each sampling setting: every
    /// condition is one point at its mean (<paramref name="x"/>, <paramref name="y"/>) over the rows (seeds) that share
    /// it, with error bars of one sample standard deviation in both directions (none with a single seed), one colour
    /// and one legend entry per condition, in order of first appearance. Axis titles are the column names.
    /// </summary>
    public static Figure TradeOff(DataFrame results, string x, string y, string condition, ConditionColors? colors = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        Numeric(results, x);
        Numeric(results, y);
        var summary = results.MeanStd(condition, x, y);
        colors ??= new ConditionColors();
        var traces = new List<JsonObject>();
        for (long r = 0; r < summary.Rows.Count; r++)
        {
            var name = Text(summary[condition][r]);
            bool spread = (int)summary["n"][r]! > 1;
            var point = XYTrace("scatter", "markers", [(double)summary[$"{x} mean"][r]!], [(double)summary[$"{y} mean"][r]!], name);
            if (spread)
            {
                point["error_x"] = ErrorBar((double)summary[$"{x} std"][r]!);
                point["error_y"] = ErrorBar((double)summary[$"{y} std"][r]!);
            }
            point["marker"] = new JsonObject { ["color"] = colors[name], ["size"] = 10 };
            point["legendgroup"] = name;
            traces.Add(point);
        }
        var layout = Titled(x, y, condition);
        if (summary.Rows.Count > 0 && (int)summary["n"][0]! > 1)
            layout["legend"]!["title"] = PlotlyJson.Title($"{condition} (mean ± std over seeds)");
        return new Figure(traces, layout);
    }

    static JsonObject ErrorBar(double std) => new()
    {
        ["type"] = "data", ["array"] = PlotlyJson.Numbers([double.IsNaN(std) ? 0 : std]), ["visible"] = true, ["thickness"] = 1.5,
    };
}
