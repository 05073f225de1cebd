namespace Workbench.Tables;

public sealed partial class ResultTable
{
    static readonly Aggregation[] DescribeRows = [Aggregation.Count, Aggregation.Mean, Aggregation.Std, Aggregation.Min, Aggregation.Max];

    /// <summary>
    /// Summary statistics of the numeric columns: a "statistic" column (count, mean, std, min, max) and one double
    /// column per numeric column. Missing values are skipped; std is the sample standard deviation (n - 1).
    /// </summary>
    public ResultTable Describe()
    {
        var numeric = columns.Where(c => c.IsNumeric).ToArray();
        if (numeric.Length == 0) throw new InvalidOperationException($"Describe needs a numeric column; columns are {string.Join(", ", ColumnNames)}.");
        var all = Enumerable.Range(0, RowCount).ToArray();
        var result = new ResultTable(TableColumn.Create("statistic", DescribeRows.Select(a => a.ToString().ToLowerInvariant())));
        foreach (var c in numeric)
            result.AddColumn(TableColumn.Create(c.Name, DescribeRows.Select(a => Aggregations.Apply(a, c, all) is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : double.NaN)));
        return result;
    }
}
