using Microsoft.Data.Analysis;
using Workbench.Frames;
using Workbench.Notebook;

namespace Workbench.Tables;

/// <summary>
/// A small columnar table for experiment results (a stand-in for Microsoft.Data.Analysis.DataFrame, which is not
/// available here). Columns are double, long, string or bool; null marks a missing value.
/// <see cref="Append(object?[])"/> and <see cref="AddColumn(string, Func{Row, object?})"/> change this table and
/// return it for chaining; every other verb returns a new table. Displays as a paged HTML table in notebooks.
/// </summary>
[TypeFormatterSource(typeof(TableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class ResultTable
{
    readonly List<TableColumn> columns = [];

    /// <summary>A table from columns of equal length.</summary>
    public ResultTable(params IEnumerable<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var c in columns) AddColumn(c);
    }

    /// <summary>An empty table with the given column names and types (double, long, string or bool), ready for Append.</summary>
    public static ResultTable WithSchema(params (string Name, Type Type)[] schema) =>
        new(schema.Select(s => TableColumn.Empty(s.Name, TableColumn.StorageType(s.Type) ?? s.Type)));

    public IReadOnlyList<TableColumn> Columns => columns;

    public IReadOnlyList<string> ColumnNames => columns.Select(c => c.Name).ToArray();

    public int RowCount => columns.Count == 0 ? 0 : columns[0].Length;

    /// <summary>The column called <paramref name="name"/>; the error lists the known columns.</summary>
    public TableColumn this[string name] => columns.Find(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No column named '{name}'. Columns: {(columns.Count == 0 ? "(none)" : string.Join(", ", columns.Select(c => c.Name)))}.");

    public object? this[int row, string column] => this[column][row];

    public IReadOnlyList<Row> Rows => Enumerable.Range(0, RowCount).Select(i => new Row(this, i)).ToArray();

    public bool HasColumn(string name) => columns.Exists(c => c.Name == name);

    /// <summary>Adds a row (values in column order) to THIS table and returns it.</summary>
    public ResultTable Append(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != columns.Count)
            throw new ArgumentException($"Append got {values.Length} values but the table has {columns.Count} columns ({string.Join(", ", ColumnNames)}).", nameof(values));
        AppendChecked(columns.Select((c, i) => values[i]).ToArray());
        return this;
    }

    /// <summary>Adds a row given by column name to THIS table (missing columns get null) and returns it.</summary>
    public ResultTable Append(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var key in row.Keys) _ = this[key]; // unknown names fail with the column list
        AppendChecked(columns.Select(c => row.TryGetValue(c.Name, out var v) ? v : null).ToArray());
        return this;
    }

    void AppendChecked(object?[] values)
    {
        // Validate every value before touching any column, so a type mismatch leaves the table unchanged.
        var probe = columns.Select((c, i) => TableColumn.FromObjects(c.Name, c.DataType, [values[i]])).ToArray();
        for (int i = 0; i < columns.Count; i++) columns[i].Add(probe[i][0]);
    }

    /// <summary>Adds a column to THIS table and returns it.</summary>
    public ResultTable AddColumn(TableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (HasColumn(column.Name)) throw new ArgumentException($"The table already has a column named '{column.Name}'.", nameof(column));
        if (columns.Count > 0 && column.Length != RowCount)
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but the table has {RowCount}.", nameof(column));
        columns.Add(column);
        return this;
    }

    /// <summary>Adds a computed column to THIS table; its type is taken from the first non-null result.</summary>
    public ResultTable AddColumn(string name, Func<Row, object?> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var values = Enumerable.Range(0, RowCount).Select(i => compute(new Row(this, i))).ToArray();
        var first = values.FirstOrDefault(v => v is not null);
        var type = first is null ? typeof(double) : TableColumn.StorageType(first.GetType())
            ?? throw new ArgumentException($"Computed column '{name}' returned {first.GetType().Name}; return double, long, string or bool.", nameof(compute));
        return AddColumn(TableColumn.FromObjects(name, type, values));
    }

    /// <summary>A copy with only the given columns, in the given order.</summary>
    public ResultTable Select(params string[] names) => new(names.Select(n => this[n].Take(Enumerable.Range(0, RowCount))));

    public ResultTable Head(int n = 5) => TakeRows(Enumerable.Range(0, Math.Clamp(n, 0, RowCount)));

    public ResultTable Tail(int n = 5) => TakeRows(Enumerable.Range(RowCount - Math.Clamp(n, 0, RowCount), Math.Clamp(n, 0, RowCount)));

    /// <summary>Rows for which <paramref name="predicate"/> is true.</summary>
    public ResultTable Filter(Func<Row, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return TakeRows(Enumerable.Range(0, RowCount).Where(i => predicate(new Row(this, i))));
    }

    /// <summary>Rows where the bool column <paramref name="boolColumn"/> is true (null counts as false).</summary>
    public ResultTable Filter(string boolColumn)
    {
        var c = this[boolColumn];
        if (c.DataType != typeof(bool)) throw new ArgumentException($"Filter needs a bool column; '{boolColumn}' holds {c.DataType.Name}.", nameof(boolColumn));
        return TakeRows(Enumerable.Range(0, RowCount).Where(i => c[i] is true));
    }

    /// <summary>Rows where <paramref name="mask"/> is true; the mask has one entry per row.</summary>
    public ResultTable Filter(IReadOnlyList<bool> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Count != RowCount) throw new ArgumentException($"Filter mask has {mask.Count} entries but the table has {RowCount} rows.", nameof(mask));
        return TakeRows(Enumerable.Range(0, RowCount).Where(i => mask[i]));
    }

    /// <summary>Stable ascending sort by one column; nulls (and NaN) go last.</summary>
    public ResultTable OrderBy(string column) => Sort(column, descending: false);

    /// <summary>Stable descending sort by one column; nulls (and NaN) go last.</summary>
    public ResultTable OrderByDescending(string column) => Sort(column, descending: true);

    ResultTable Sort(string column, bool descending)
    {
        var c = this[column];
        static bool Missing(object? v) => v is null || v is double d && double.IsNaN(d);
        var order = Enumerable.Range(0, RowCount)
            .OrderBy(i => Missing(c[i]))
            .ThenBy(i => Missing(c[i]) ? null : c[i], descending ? Comparer<object?>.Create((a, b) => CompareValues(b, a)) : Comparer<object?>.Create(CompareValues));
        return TakeRows(order);
    }

    internal static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => ((IComparable)a).CompareTo(b),
    };

    /// <summary>Groups rows by the values of <paramref name="column"/> (groups keep first-appearance order).</summary>
    public GroupedTable GroupBy(string column) => new(this, column);

    internal ResultTable TakeRows(IEnumerable<int> rows)
    {
        var list = rows.ToArray();
        return new ResultTable(columns.Select(c => c.Take(list)));
    }

    /// <summary>The same columns as a DataFrame (double, long, string, bool columns; nulls kept), the type that
    /// replaces this one. Displays through the DataFrame formatters.</summary>
    public DataFrame ToDataFrame() => new(columns.Select(ToColumn));

    static DataFrameColumn ToColumn(TableColumn c)
    {
        var values = Enumerable.Range(0, c.Length).Select(i => c[i]);
        if (c.DataType == typeof(double)) return new DoubleDataFrameColumn(c.Name, values.Select(v => (double?)v));
        if (c.DataType == typeof(long)) return new Int64DataFrameColumn(c.Name, values.Select(v => (long?)v));
        if (c.DataType == typeof(bool)) return new BooleanDataFrameColumn(c.Name, values.Select(v => (bool?)v));
        return new StringDataFrameColumn(c.Name, values.Select(v => (string?)v));
    }

    /// <summary>A paged HTML table (index column, headers, <paramref name="pageSize"/> rows a page, at most 10,000 rows).</summary>
    public string ToHtml(int pageSize = 25) => ToDataFrame().ToHtml(pageSize);

    /// <summary>Plain text, aligned columns; long tables show their first and last rows.</summary>
    public override string ToString() => ToDataFrame().ToText();
}
