using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Workbench.Frames;

/// <summary>Plain-text rendering of a DataFrame: an index column, columns two spaces apart and as wide as their
/// widest cell (DataFrame.ToString pads to 10 characters, so longer values run together), numbers right-aligned.</summary>
internal static class FrameText
{
    const int MaxRows = 20, EdgeRows = 10;

    /// <summary>A cell as display text: doubles with 6 significant digits, missing values "null".</summary>
    public static string Cell(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };

    public static string Render(DataFrame frame)
    {
        var columns = frame.Columns.ToArray();
        long count = frame.Rows.Count;
        var rows = count <= MaxRows
            ? Range(0, count).ToList()
            : Range(0, EdgeRows).Append(-1).Concat(Range(count - EdgeRows, EdgeRows)).ToList();
        var grid = new List<string[]> { columns.Select(c => c.Name).Prepend("").ToArray() };
        foreach (var r in rows)
            grid.Add(r < 0
                ? Enumerable.Repeat("...", columns.Length + 1).ToArray()
                : columns.Select(c => Cell(c[r]).ReplaceLineEndings(" ")).Prepend(r.ToString(CultureInfo.InvariantCulture)).ToArray());
        var widths = Enumerable.Range(0, columns.Length + 1).Select(i => grid.Max(line => line[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var line in grid)
        {
            for (int i = 0; i < line.Length; i++)
            {
                bool right = i == 0 || FrameColumns.IsNumeric(columns[i - 1].DataType);
                if (i > 0) sb.Append("  ");
                sb.Append(right ? line[i].PadLeft(widths[i]) : line[i].PadRight(widths[i]));
            }
            sb.Append('\n');
        }
        sb.Append('[').Append(count).Append(" rows x ").Append(columns.Length).Append(" columns]");
        return sb.ToString();
    }

    static IEnumerable<long> Range(long start, long count)
    {
        for (long i = 0; i < count; i++) yield return start + i;
    }
}
