using System.Globalization;

namespace Workbench.Tables;

/// <summary>A view of one row of a <see cref="ResultTable"/> (what Filter and AddColumn callbacks receive).</summary>
public readonly struct Row
{
    internal Row(ResultTable table, int index) { Table = table; Index = index; }

    public ResultTable Table { get; }

    /// <summary>The row's position in its table.</summary>
    public int Index { get; }

    public object? this[string column] => Table[column][Index];

    public object? this[int column] => Table.Columns[column][Index];

    /// <summary>A numeric value as double (long widened); NaN when missing.</summary>
    public double GetDouble(string column)
    {
        var c = Table[column];
        if (!c.IsNumeric) throw new InvalidOperationException($"Column '{column}' holds {c.DataType.Name}, not numbers (row {Index}).");
        return c[Index] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;
    }

    public long GetLong(string column) => Get<long>(column);

    public bool GetBool(string column) => Get<bool>(column);

    public string? GetString(string column) => Table[column] is { } c && c.DataType == typeof(string)
        ? (string?)c[Index]
        : throw new InvalidOperationException($"Column '{column}' holds {Table[column].DataType.Name}, not string (row {Index}).");

    T Get<T>(string column) where T : struct
    {
        var c = Table[column];
        if (c.DataType != typeof(T)) throw new InvalidOperationException($"Column '{column}' holds {c.DataType.Name}, not {typeof(T).Name} (row {Index}).");
        return c[Index] is T v ? v : throw new InvalidOperationException($"Column '{column}' has no value at row {Index}.");
    }

    public override string ToString()
    {
        int index = Index;
        return "{" + string.Join(", ", Table.Columns.Select(c => $"{c.Name}: {Workbench.Frames.FrameText.Cell(c[index])}")) + "}";
    }
}
