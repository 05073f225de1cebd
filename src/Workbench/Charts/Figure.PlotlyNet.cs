using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using DynamicObj;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;

namespace Workbench.Charts;

/// <summary>
/// Conversions between <see cref="Figure"/> and Plotly.NET's <see cref="GenericChart"/> through the figure JSON
/// ({"data", "layout", "config"}), so a chart can be styled with either API and always displays through the
/// workbench's offline formatter.
/// </summary>
public sealed partial class Figure
{
    /// <summary>A figure from plotly JSON: <c>{"data":[...], "layout":{...}, "config":{...}}</c> (layout and config optional).</summary>
    public static Figure FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (JsonNode.Parse(json) is not JsonObject root) throw new ArgumentException("Figure JSON must be an object with a \"data\" array.", nameof(json));
        if (root["data"] is not JsonArray data) throw new ArgumentException("Figure JSON has no \"data\" array of traces.", nameof(json));
        var traces = data.Select((t, i) => t as JsonObject ?? throw new ArgumentException($"Figure JSON: trace {i} is not an object.", nameof(json)));
        return new Figure(traces, root["layout"] as JsonObject, root["config"] as JsonObject);
    }

    /// <summary>The Plotly.NET chart as a Figure: same traces, layout (Plotly.NET's template included) and config.</summary>
    public static Figure FromChart(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return FromJson(GenericChart.toJson(chart));
    }

    /// <summary>
    /// This figure as a Plotly.NET chart, for styling with Plotly.NET's API (<c>Chart.withXAxisStyle</c>, ...).
    /// Axes, legend, title, grid, margin, lines, markers, error bars and colour bars become Plotly.NET's typed objects,
    /// so its style functions merge into them; other nested objects are plain DynamicObj values.
    /// </summary>
    public GenericChart ToChart()
    {
        var traces = data.Select(t => (Trace)ToDynamic((JsonObject)t!, TraceObject(t!["type"]!.GetValue<string>()), TraceParts)).ToArray();
        var chart = traces.Length == 1 ? GenericChart.ofTraceObject(true, traces[0]) : GenericChart.ofTraceObjects(true, traces);
        chart = GenericChart.setLayout((Layout)ToDynamic(layout, new Layout(), LayoutParts), chart);
        return GenericChart.setConfig((Config)ToDynamic(config, new Config(), NoParts), chart);
    }

    /// <summary>
    /// A displayed value as a Figure, or null when it is not a chart: a Figure, a Plotly.NET GenericChart, or either
    /// one loaded from another copy of its assembly (a notebook's #r may load its own Workbench.dll or Plotly.NET.dll;
    /// then the value is read back through its JSON). This is how chart outputs reach the PNG fallback.
    /// </summary>
    public static Figure? TryFrom(object? value)
    {
        switch (value)
        {
            case null: return null;
            case Figure f: return f;
            case GenericChart g: return FromChart(g);
        }
        var type = value.GetType();
        if (type.FullName == typeof(Figure).FullName)
        {
            // JsonObject is a framework type, so the other copy's traces, layout and config can be read as they are.
            object? Get(string name) => type.GetProperty(name)?.GetValue(value);
            if (Get(nameof(Traces)) is IEnumerable<JsonObject> traces)
                return new Figure(traces, Get(nameof(Layout)) as JsonObject, Get(nameof(Config)) as JsonObject);
        }
        for (var t = type; t is not null; t = t.BaseType)
            if (t.FullName == typeof(GenericChart).FullName
                && t.Assembly.GetType(typeof(GenericChart).FullName!)?.GetMethod(nameof(GenericChart.toJson), BindingFlags.Public | BindingFlags.Static) is { } chartToJson)
                return FromJson((string)chartToJson.Invoke(null, [value])!);
        return null;
    }

    static readonly IReadOnlyDictionary<string, Func<DynamicObj.DynamicObj>> NoParts = new Dictionary<string, Func<DynamicObj.DynamicObj>>();

    static readonly IReadOnlyDictionary<string, Func<DynamicObj.DynamicObj>> TraceParts = new Dictionary<string, Func<DynamicObj.DynamicObj>>
    {
        ["line"] = () => new Line(), ["marker"] = () => new Marker(), ["error_x"] = () => new Error(), ["error_y"] = () => new Error(),
        ["colorbar"] = () => new ColorBar(), ["title"] = () => new Title(),
    };

    static readonly IReadOnlyDictionary<string, Func<DynamicObj.DynamicObj>> LayoutParts = new Dictionary<string, Func<DynamicObj.DynamicObj>>
    {
        ["legend"] = () => new Legend(), ["title"] = () => new Title(), ["grid"] = () => new LayoutGrid(), ["margin"] = () => new Margin(),
    };

    static readonly string[] Traces3D = ["scatter3d", "surface", "mesh3d", "cone", "streamtube", "volume", "isosurface"];
    static readonly string[] DomainTraces = ["pie", "sunburst", "treemap", "icicle", "funnelarea", "table", "indicator", "parcoords", "parcats", "sankey"];

    static Trace TraceObject(string type) =>
        Traces3D.Contains(type) ? new Trace3D(type) : DomainTraces.Contains(type) ? new TraceDomain(type) : new Trace2D(type);

    /// <summary>Copies a JSON object into <paramref name="target"/>; keys in <paramref name="parts"/> (and axes of a layout)
    /// become typed Plotly.NET objects, other objects plain DynamicObj.</summary>
    static DynamicObj.DynamicObj ToDynamic(JsonObject json, DynamicObj.DynamicObj target, IReadOnlyDictionary<string, Func<DynamicObj.DynamicObj>> parts)
    {
        foreach (var (key, node) in json)
        {
            if (key == "type" && target is Trace) continue; // set by the trace's constructor
            if (node is JsonObject obj)
            {
                var typed = parts.TryGetValue(key, out var make) ? make()
                    : ReferenceEquals(parts, LayoutParts) && IsCartesianAxis(key) ? new LinearAxis()
                    : new DynamicObj.DynamicObj();
                target.SetProperty(key, ToDynamic(obj, typed, NoParts));
            }
            else target.SetProperty(key, ToValue(node));
        }
        return target;
    }

    static bool IsCartesianAxis(string key) =>
        (key.StartsWith("xaxis", StringComparison.Ordinal) || key.StartsWith("yaxis", StringComparison.Ordinal)) && key[5..].All(char.IsAsciiDigit);

    /// <summary>JSON numbers that are whole become long (so they serialise back without ".0"), others double.</summary>
    static object? ToValue(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => a.Select(ToValue).ToArray(),
        JsonObject o => ToDynamic(o, new DynamicObj.DynamicObj(), NoParts),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.GetValue<double>(),
        _ => throw new ArgumentException($"Unexpected JSON node {node.GetType().Name}.", nameof(node)),   // JsonNode has no other kinds
    };
}
