using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.Charts;

/// <summary>
/// Lesson charts of results over seeds, drawn from a long-format DataFrame (one row per condition, seed and x):
/// one colour and one legend entry per condition, the mean as a line, ± one sample standard deviation as a band or
/// error bar, the seeds as thin lines. Axis and legend titles are the column names.
/// </summary>
public static partial class Chart
{
    /// <summary>
    /// Curves over seeds, e.g. validation loss per epoch for each cell kind: per condition the mean over seeds as a
    /// line, mean ± std as a shaded band, and (when <paramref name="showSeeds"/>) each seed as a thin line. A condition
    /// with a single seed is just its line. Pass the same <paramref name="colors"/> to every panel of a figure.
    /// </summary>
    /// <param name="logY">A log y axis, with the mean and the band taken over log10 of the values: the geometric mean,
    /// times and divided by the geometric standard deviation, which stays positive where an arithmetic band would cross
    /// zero (gradient norms, losses spanning decades). The values must then be positive.</param>
    public static Figure SeedBands(DataFrame results, string x, string y, string condition, string seed = "seed",
                                   ConditionColors? colors = null, bool showSeeds = true, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (xs, ys, conds, seeds) = (FrameColumns.Find(results, x), Numeric(results, y), FrameColumns.Find(results, condition), FrameColumns.Find(results, seed));
        colors ??= new ConditionColors();
        var traces = new List<JsonObject>();
        foreach (var group in FrameColumns.Groups(results, [conds]))
        {
            var name = Text(conds[group[0]]);
            var color = colors[name];
            var runs = FrameColumns.Groups(results, [seeds]).Select(g => g.Intersect(group).ToArray()).Where(g => g.Length > 0).ToArray();
            // Mean and std at each x over the seeds that have it, x in order of first appearance.
            var points = group.GroupBy(r => Text(xs[r])).Select(g => (X: xs[g.First()], Values: g.Select(r => ys[r]).OfType<object>().Select(ToDouble).Where(v => !double.IsNaN(v)).ToArray()))
                              .Where(p => p.Values.Length > 0).Select(p => (p.X, Band: Spread(p.Values, logY, y))).ToArray();
            var xJson = PlotlyJson.Array(points.Select(p => p.X));
            if (showSeeds && runs.Length > 1)
                foreach (var run in runs)
                    traces.Add(Styled(XYTrace("scatter", "lines", run.Select(r => xs[r]), run.Select(r => ys[r] is null ? double.NaN : ToDouble(ys[r]!)), $"{name}, seed {Text(seeds[run[0]])}"),
                        color, name, width: 1, opacity: 0.35, legend: false));
            if (runs.Length > 1)
            {
                traces.Add(Band(xJson, points.Select(p => p.Band.Low), name, fill: null, fillColor: null));
                traces.Add(Band(xJson, points.Select(p => p.Band.High), name, fill: "tonexty", fillColor: colors.Translucent(name, 0.2)));
            }
            var mean = new JsonObject { ["type"] = "scatter", ["mode"] = "lines+markers", ["x"] = xJson.DeepClone(), ["y"] = PlotlyJson.Numbers(points.Select(p => p.Band.Mean)) };
            mean["name"] = runs.Length > 1 ? $"{name} ({(logY ? "geometric mean ×/÷ std" : "mean ± std")}, {runs.Length} seeds)" : name;
            traces.Add(Styled(mean, color, name, width: 2.5, opacity: 1, legend: true));
        }
        var layout = Titled(x, y, condition);
        if (logY) ((JsonObject)layout["yaxis"]!)["type"] = "log";
        return new Figure(traces, layout);
    }

    /// <summary>The line and band at one x: mean ± std, or with <paramref name="log"/> 10^(m ± s) over log10 values.</summary>
    static (double Mean, double Low, double High) Spread(double[] values, bool log, string column)
    {
        if (!log)
        {
            var (m, s) = SeedStats.Of(values);
            return (m, m - s, m + s);
        }
        if (values.Any(v => v <= 0))
            throw new ArgumentException($"Column '{column}' has a value {values.First(v => v <= 0)} ≤ 0, which a log axis cannot show.");
        var (lm, ls) = SeedStats.Of(values.Select(Math.Log10).ToArray());
        return (Math.Pow(10, lm), Math.Pow(10, lm - ls), Math.Pow(10, lm + ls));
    }

    /// <summary>
    /// Grouped bars of mean ± std over seeds, e.g. exact match per source-length bucket (<paramref name="category"/>)
    /// for each attention kind (<paramref name="condition"/>): one colour per condition, error bars of one sample
    /// standard deviation (none with a single seed). Categories keep their order of first appearance. With
    /// <paramref name="category"/> equal to <paramref name="condition"/>, one coloured bar per condition.
    /// </summary>
    public static Figure MeanStdBars(DataFrame results, string category, string value, string condition, ConditionColors? colors = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        Numeric(results, value);
        // One bar per condition (category == condition): group once, or MeanStd would repeat the column.
        var summary = results.MeanStd(category == condition ? [condition] : [condition, category], value);
        var (conds, cats) = (summary[condition], summary[category]);
        var (means, stds) = (summary[$"{value} mean"], summary[$"{value} std"]);
        colors ??= new ConditionColors();
        var traces = new List<JsonObject>();
        foreach (var group in FrameColumns.Groups(summary, [conds]))
        {
            var name = Text(conds[group[0]]);
            var bar = XYTrace("bar", null, group.Select(r => Text(cats[r])), group.Select(r => (double)means[r]!), name);
            bar["error_y"] = new JsonObject { ["type"] = "data", ["array"] = PlotlyJson.Numbers(group.Select(r => (double)stds[r]!)), ["visible"] = true };
            bar["marker"] = new JsonObject { ["color"] = colors[name] };
            bar["legendgroup"] = name;
            traces.Add(bar);
        }
        var layout = Titled(category, $"{value} (mean ± std over seeds)", condition);
        layout["barmode"] = "group";
        return new Figure(traces, layout);
    }

    static DataFrameColumn Numeric(DataFrame frame, string name)
    {
        var column = FrameColumns.Find(frame, name);
        if (!FrameColumns.IsNumeric(column.DataType))
            throw new ArgumentException($"Column '{name}' holds {column.DataType.Name}; a chart needs numbers there.");
        return column;
    }

    static JsonObject Styled(JsonObject trace, string color, string group, double width, double opacity, bool legend)
    {
        trace["line"] = new JsonObject { ["color"] = color, ["width"] = width };
        trace["marker"] = new JsonObject { ["color"] = color };
        if (opacity < 1) trace["opacity"] = opacity;
        trace["legendgroup"] = group;
        trace["showlegend"] = legend;
        return trace;
    }

    /// <summary>An edge of a ± std band: no line, no legend, no hover; the upper edge fills down to the lower one.</summary>
    static JsonObject Band(JsonArray x, IEnumerable<double> y, string group, string? fill, string? fillColor)
    {
        var band = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = "lines", ["x"] = x.DeepClone(), ["y"] = PlotlyJson.Numbers(y),
            ["line"] = new JsonObject { ["width"] = 0 }, ["hoverinfo"] = "skip", ["legendgroup"] = group, ["showlegend"] = false,
            ["name"] = $"{group} ± std",
        };
        if (fill is not null) { band["fill"] = fill; band["fillcolor"] = fillColor; }
        return band;
    }

    static JsonObject Titled(string x, string y, string legend) => new()
    {
        ["xaxis"] = new JsonObject { ["title"] = PlotlyJson.Title(x) },
        ["yaxis"] = new JsonObject { ["title"] = PlotlyJson.Title(y) },
        ["legend"] = new JsonObject { ["title"] = PlotlyJson.Title(legend) },
    };

    static string Text(object? v) => v is null ? "(none)" : Convert.ToString(v, CultureInfo.InvariantCulture)!;

    static double ToDouble(object v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);
}
