namespace Workbench.Tables;

/// <summary>
/// Several reductions at once for <see cref="GroupedTable.Aggregate"/>:
/// <c>g.Aggregate(a => a.Count().Mean("loss").Max("accuracy"))</c> gives columns key, count, loss_mean, accuracy_max.
/// </summary>
public sealed class AggregateBuilder
{
    internal List<(string Output, string? Column, Aggregation Kind)> Items { get; } = [];

    /// <summary>Rows per group, in a column named <paramref name="output"/>.</summary>
    public AggregateBuilder Count(string output = "count") => Add(output, null, Aggregation.Count);

    public AggregateBuilder Count(string column, string? output) => Add(output ?? $"{column}_count", column, Aggregation.Count);
    public AggregateBuilder Sum(string column, string? output = null) => Add(output ?? $"{column}_sum", column, Aggregation.Sum);
    public AggregateBuilder Mean(string column, string? output = null) => Add(output ?? $"{column}_mean", column, Aggregation.Mean);
    public AggregateBuilder Std(string column, string? output = null) => Add(output ?? $"{column}_std", column, Aggregation.Std);
    public AggregateBuilder Min(string column, string? output = null) => Add(output ?? $"{column}_min", column, Aggregation.Min);
    public AggregateBuilder Max(string column, string? output = null) => Add(output ?? $"{column}_max", column, Aggregation.Max);

    AggregateBuilder Add(string output, string? column, Aggregation kind)
    {
        if (Items.Exists(i => i.Output == output)) throw new ArgumentException($"Aggregate output column '{output}' is defined twice.", nameof(output));
        Items.Add((output, column, kind));
        return this;
    }
}
