namespace Workbench.Tables;

/// <summary>
/// Rows of a <see cref="ResultTable"/> grouped by one key column, like DataFrame.GroupBy. Each reduction returns a
/// table with the key column first and one row per group (groups in order of first appearance; null is a group).
/// Mean/Sum/Min/Max reduce every numeric column except the key; Count counts non-missing values of every column.
/// </summary>
public sealed class GroupedTable
{
    readonly ResultTable table;
    readonly TableColumn key;
    readonly List<(object? Key, List<int> Rows)> groups = [];

    internal GroupedTable(ResultTable table, string keyColumn)
    {
        this.table = table;
        key = table[keyColumn];
        var index = new Dictionary<object, int>();
        int nullGroup = -1;
        for (int r = 0; r < table.RowCount; r++)
        {
            var k = key[r];
            int g = k is null ? nullGroup : index.GetValueOrDefault(k, -1);
            if (g < 0)
            {
                g = groups.Count;
                groups.Add((k, []));
                if (k is null) nullGroup = g; else index[k] = g;
            }
            groups[g].Rows.Add(r);
        }
    }

    public int GroupCount => groups.Count;

    public ResultTable Count() => ReduceAll(Aggregation.Count, numericOnly: false);
    public ResultTable Sum() => ReduceAll(Aggregation.Sum, numericOnly: true);
    public ResultTable Mean() => ReduceAll(Aggregation.Mean, numericOnly: true);
    public ResultTable Min() => ReduceAll(Aggregation.Min, numericOnly: true);
    public ResultTable Max() => ReduceAll(Aggregation.Max, numericOnly: true);

    /// <summary>Several reductions at once; see <see cref="AggregateBuilder"/>.</summary>
    public ResultTable Aggregate(Func<AggregateBuilder, AggregateBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var items = build(new AggregateBuilder()).Items;
        if (items.Count == 0) throw new ArgumentException("Aggregate needs at least one reduction.", nameof(build));
        return Reduce(items.Select(i => (i.Output, i.Column is null ? key : table[i.Column], i.Kind)));
    }

    ResultTable ReduceAll(Aggregation kind, bool numericOnly) =>
        Reduce(table.Columns.Where(c => c != key && (!numericOnly || c.IsNumeric)).Select(c => (c.Name, c, kind)));

    ResultTable Reduce(IEnumerable<(string Output, TableColumn Column, Aggregation Kind)> reductions)
    {
        var result = new ResultTable(TableColumn.FromObjects(key.Name, key.DataType, groups.Select(g => g.Key)));
        foreach (var (output, column, kind) in reductions)
            result.AddColumn(TableColumn.FromObjects(output, Aggregations.ResultType(kind, column.DataType),
                groups.Select(g => Aggregations.Apply(kind, column, g.Rows))));
        return result;
    }
}
