using System.Numerics;
using System.Text.Json.Nodes;
using Workbench.Tensors;

namespace Workbench.Charts;

/// <summary>
/// Figure builders in the style of Plotly.NET's <c>Chart</c> module. Each returns a one-trace <see cref="Figure"/>;
/// combine them with <see cref="Combine"/> (same axes) or <see cref="Grid"/> (subplots).
/// </summary>
public static partial class Chart
{
    /// <summary>A line (scatter trace, mode "lines"); x values may be numbers, strings or dates.</summary>
    public static Figure Line<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null, bool showMarkers = false)
        where TY : INumberBase<TY> => XY("scatter", showMarkers ? "lines+markers" : "lines", x, y, name);

    /// <summary>A line over x = 0, 1, 2, ... (e.g. a loss per step).</summary>
    public static Figure Line<TY>(IEnumerable<TY> y, string? name = null, bool showMarkers = false)
        where TY : INumberBase<TY> => Line(Indices(y), y, name, showMarkers);

    /// <summary>Points (scatter trace, mode "markers").</summary>
    public static Figure Scatter<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TY : INumberBase<TY> => XY("scatter", "markers", x, y, name);

    /// <summary>Vertical bars: one per category in <paramref name="x"/>.</summary>
    public static Figure Bar<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TY : INumberBase<TY> => XY("bar", null, x, y, name);

    /// <summary>A histogram of <paramref name="values"/>; <paramref name="bins"/> is plotly's nbinsx (a maximum).</summary>
    public static Figure Histogram<T>(IEnumerable<T> values, string? name = null, int? bins = null) where T : INumberBase<T>
    {
        var trace = new JsonObject { ["type"] = "histogram", ["x"] = PlotlyJson.Numbers(values) };
        if (name is not null) trace["name"] = name;
        if (bins is not null)
        {
            if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), $"Histogram bins must be positive, got {bins}.");
            trace["nbinsx"] = bins.Value;
        }
        return new Figure([trace]);
    }

    /// <summary>
    /// A heatmap of z[row, col] drawn like a matrix: row 0 at the top (yaxis autorange "reversed"). For attention
    /// weights pass z[target, source] with <paramref name="xLabels"/> = source tokens and <paramref name="yLabels"/> =
    /// target tokens. Cells sit at integer positions and labels are tick texts, so repeated tokens stay separate.
    /// <paramref name="colorbarTitle"/> names what the colours measure (e.g. "attention weight α").
    /// </summary>
    public static Figure Heatmap(double[][] z, IEnumerable<string>? xLabels = null, IEnumerable<string>? yLabels = null,
                                 string? name = null, string? colorscale = null, string? colorbarTitle = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        int rows = z.Length, cols = rows == 0 ? 0 : z[0].Length;
        for (int r = 0; r < rows; r++)
            if (z[r] is null || z[r].Length != cols)
                throw new ArgumentException($"Heatmap rows must all have {cols} values; row {r} has {z[r]?.Length ?? 0}.", nameof(z));
        var xl = xLabels?.ToArray();
        var yl = yLabels?.ToArray();
        if (xl is not null && xl.Length != cols) throw new ArgumentException($"Heatmap has {cols} columns but {xl.Length} x labels.", nameof(xLabels));
        if (yl is not null && yl.Length != rows) throw new ArgumentException($"Heatmap has {rows} rows but {yl.Length} y labels.", nameof(yLabels));

        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["z"] = PlotlyJson.Matrix(z),
            ["x"] = PlotlyJson.Numbers(Enumerable.Range(0, cols)),
            ["y"] = PlotlyJson.Numbers(Enumerable.Range(0, rows)),
        };
        if (name is not null) trace["name"] = name;
        if (colorscale is not null) trace["colorscale"] = colorscale;
        if (colorbarTitle is not null) trace["colorbar"] = new JsonObject { ["title"] = PlotlyJson.Title(colorbarTitle) };
        var xaxis = new JsonObject();
        var yaxis = new JsonObject { ["autorange"] = "reversed" };
        if (xl is not null) Ticks(xaxis, xl);
        if (yl is not null) Ticks(yaxis, yl);
        if (xl is not null && yl is not null)
        {
            // Hover shows the tokens, not the integer positions.
            trace["customdata"] = new JsonArray(yl.Select(y => (JsonNode?)new JsonArray(xl.Select(x => (JsonNode?)JsonValue.Create($"{y} \u2190 {x}")).ToArray())).ToArray());
            trace["hovertemplate"] = "%{customdata}<br>%{z}<extra></extra>";
        }
        return new Figure([trace], new JsonObject { ["xaxis"] = xaxis, ["yaxis"] = yaxis });
    }

    public static Figure Heatmap(double[,] z, IEnumerable<string>? xLabels = null, IEnumerable<string>? yLabels = null,
                                 string? name = null, string? colorscale = null, string? colorbarTitle = null) =>
        Heatmap(Rows(z.GetLength(0), z.GetLength(1), (r, c) => z[r, c]), xLabels, yLabels, name, colorscale, colorbarTitle);

    public static Figure Heatmap(float[,] z, IEnumerable<string>? xLabels = null, IEnumerable<string>? yLabels = null,
                                 string? name = null, string? colorscale = null, string? colorbarTitle = null) =>
        Heatmap(Rows(z.GetLength(0), z.GetLength(1), (r, c) => z[r, c]), xLabels, yLabels, name, colorscale, colorbarTitle);

    /// <summary>A heatmap of a rank-2 tensor, e.g. attention weights [T_y, T_x].</summary>
    public static Figure Heatmap(Tensor z, IEnumerable<string>? xLabels = null, IEnumerable<string>? yLabels = null,
                                 string? name = null, string? colorscale = null, string? colorbarTitle = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        var shape = z.Shape;
        if (shape.Length != 2) throw new ArgumentException($"Heatmap needs a rank-2 tensor, got shape [{string.Join(", ", shape)}].", nameof(z));
        var values = z.ToArray();
        return Heatmap(Rows(shape[0], shape[1], (r, c) => values[r * shape[1] + c]), xLabels, yLabels, name, colorscale, colorbarTitle);
    }

    /// <summary>Overlays figures on one set of axes: all traces, layouts merged (the first figure wins on conflicts).</summary>
    public static Figure Combine(params IEnumerable<Figure> figures)
    {
        var list = figures?.ToArray() ?? throw new ArgumentNullException(nameof(figures));
        if (list.Length == 0) throw new ArgumentException("Combine needs at least one figure.", nameof(figures));
        var layout = new JsonObject();
        foreach (var f in list) PlotlyJson.MergeMissing(layout, f.Layout);
        return new Figure(list.SelectMany(f => f.Traces), layout, list[0].Config);
    }

    /// <summary>Subplots on a rows x cols grid, filled row by row; one legend entry per condition across panels;
    /// <paramref name="shareY"/> gives every panel the same y range. See <see cref="ChartGrid"/>.</summary>
    public static Figure Grid(int rows, int cols, IEnumerable<Figure> figures, IEnumerable<string>? subplotTitles = null, bool shareY = false) =>
        ChartGrid.Build(rows, cols, figures, subplotTitles, shareY);

    static void Ticks(JsonObject axis, string[] labels)
    {
        axis["tickmode"] = "array";
        axis["tickvals"] = PlotlyJson.Numbers(Enumerable.Range(0, labels.Length));
        axis["ticktext"] = PlotlyJson.Array(labels);
    }

    static Figure XY<TX, TY>(string type, string? mode, IEnumerable<TX> x, IEnumerable<TY> y, string? name) where TY : INumberBase<TY> =>
        new([XYTrace(type, mode, x, y, name)]);

    /// <summary>One x/y trace; x and y must have the same length (the error names both).</summary>
    static JsonObject XYTrace<TX, TY>(string type, string? mode, IEnumerable<TX> x, IEnumerable<TY> y, string? name) where TY : INumberBase<TY>
    {
        var xs = PlotlyJson.Array(x);
        var ys = PlotlyJson.Numbers(y);
        if (xs.Count != ys.Count) throw new ArgumentException($"{type} trace{(name is null ? "" : $" \"{name}\"")}: x has {xs.Count} values but y has {ys.Count}.");
        var trace = new JsonObject { ["type"] = type };
        if (mode is not null) trace["mode"] = mode;
        trace["x"] = xs;
        trace["y"] = ys;
        if (name is not null) trace["name"] = name;
        return trace;
    }

    static IEnumerable<int> Indices<T>(IEnumerable<T> values) => Enumerable.Range(0, values.Count());

    static double[][] Rows(int rows, int cols, Func<int, int, double> at)
    {
        var z = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            z[r] = new double[cols];
            for (int c = 0; c < cols; c++) z[r][c] = at(r, c);
        }
        return z;
    }
}
