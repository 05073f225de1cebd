using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Charts;

/// <summary>Conversions from .NET values to plotly JSON nodes. JSON has no NaN/Infinity: they become null (a gap).</summary>
internal static class PlotlyJson
{
    /// <summary>The default encoder escapes &lt; &gt; &amp;, so the text can sit inside a &lt;script&gt; element.</summary>
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static JsonNode? Value(object? v) => v switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => Number(d),
        float f => Number(f),
        decimal m => JsonValue.Create(m),
        long or int or short or sbyte or byte or ushort or uint or ulong => JsonValue.Create(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
    };

    public static JsonNode? Number(double d) => double.IsFinite(d) ? JsonValue.Create(d) : null;

    public static JsonArray Array<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new JsonArray();
        foreach (var v in values) a.Add(Value(v));
        return a;
    }

    public static JsonArray Numbers<T>(IEnumerable<T> values) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new JsonArray();
        foreach (var v in values) a.Add(Number(double.CreateTruncating(v)));
        return a;
    }

    public static JsonArray Matrix(double[][] rows)
    {
        var a = new JsonArray();
        foreach (var row in rows) a.Add(Numbers(row));
        return a;
    }

    /// <summary>plotly.js 3+ rejects a bare string title; it must be {"text": ...}.</summary>
    public static JsonObject Title(string text) => new() { ["text"] = text };

    /// <summary>Returns obj[key] as an object, creating it when missing.</summary>
    public static JsonObject Child(JsonObject obj, string key)
    {
        if (obj[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        obj[key] = created;
        return created;
    }

    /// <summary>Copies keys of <paramref name="from"/> missing in <paramref name="into"/>, recursing into objects.</summary>
    public static void MergeMissing(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (!into.ContainsKey(key)) into[key] = value?.DeepClone();
            else if (into[key] is JsonObject a && value is JsonObject b) MergeMissing(a, b);
        }
    }
}
