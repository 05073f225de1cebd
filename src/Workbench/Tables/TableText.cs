using System.Globalization;
using System.Text;

namespace Workbench.Tables;

/// <summary>Plain-text rendering of a <see cref="ResultTable"/>: aligned columns, numbers right-aligned.</summary>
internal static class TableText
{
    const int MaxRows = 20, EdgeRows = 10;

    /// <summary>A cell as display text: doubles with 6 significant digits, missing values empty.</summary>
    public static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };

    public static string Render(ResultTable t)
    {
        var rows = t.RowCount <= MaxRows
            ? Enumerable.Range(0, t.RowCount).ToList()
            : Enumerable.Range(0, EdgeRows).Append(-1).Concat(Enumerable.Range(t.RowCount - EdgeRows, EdgeRows)).ToList();
        var grid = new List<string[]> { t.Columns.Select(c => c.Name).Prepend("").ToArray() };
        foreach (var r in rows)
            grid.Add(r < 0
                ? Enumerable.Repeat("...", t.Columns.Count + 1).ToArray()
                : t.Columns.Select(c => Cell(c[r]).ReplaceLineEndings(" ")).Prepend(r.ToString(CultureInfo.InvariantCulture)).ToArray());
        var widths = Enumerable.Range(0, t.Columns.Count + 1).Select(i => grid.Max(line => line[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var line in grid)
        {
            for (int i = 0; i < line.Length; i++)
            {
                bool right = i == 0 || t.Columns[i - 1].IsNumeric;
                if (i > 0) sb.Append("  ");
                sb.Append(right ? line[i].PadLeft(widths[i]) : line[i].PadRight(widths[i]));
            }
            sb.Append('\n');
        }
        sb.Append('[').Append(t.RowCount).Append(" rows x ").Append(t.Columns.Count).Append(" columns]");
        return sb.ToString();
    }
}
