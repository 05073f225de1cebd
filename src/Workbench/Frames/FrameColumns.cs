using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>Column lookups shared by the DataFrame helpers.</summary>
internal static class FrameColumns
{
    public static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short)
        || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong) || t == typeof(decimal);

    public static DataFrameColumn Find(DataFrame frame, string name)
    {
        int i = frame.Columns.IndexOf(name);
        return i >= 0 ? frame.Columns[i]
            : throw new ArgumentException($"No column named '{name}'. Columns: {string.Join(", ", frame.Columns.Select(c => $"'{c.Name}'"))}.");
    }

    /// <summary>Row indices per distinct key, groups in order of first appearance.</summary>
    public static List<List<long>> Groups(DataFrame frame, IReadOnlyList<DataFrameColumn> keys)
    {
        var index = new Dictionary<string, int>();
        var groups = new List<List<long>>();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            // A key made of the values' types and invariant text; null is its own value.
            var key = string.Join("\u001f", keys.Select(k => k[r] is { } v ? $"{v.GetType().Name}:{Convert.ToString(v, CultureInfo.InvariantCulture)}" : "\u0000"));
            if (!index.TryGetValue(key, out int g)) { g = groups.Count; index[key] = g; groups.Add([]); }
            groups[g].Add(r);
        }
        return groups;
    }
}
