using Microsoft.Data.Analysis;
using Workbench.Frames;
using Xunit;

namespace Workbench.Tests.LessonHelpers;

public class SeedPairsTests
{
    /// <summary>Rows appended condition-major and with seeds out of order, as a loop over conditions might leave them.</summary>
    static DataFrame Runs() => new(
        new StringDataFrameColumn("order", ["reversed", "reversed", "reversed", "normal", "normal", "normal"]),
        new Int64DataFrameColumn("seed", new long?[] { 10, 9, 11, 11, 9, 10 }),
        new DoubleDataFrameColumn("accuracy", new double?[] { 0.90, 0.80, 0.95, 0.70, 0.85, 0.60 }));

    [Fact]
    public void BySeed_orders_values_by_the_seed_value_not_by_row_or_text()
    {
        // seeds 9, 10, 11 (as text "10" < "11" < "9"): reversed 0.80, 0.90, 0.95; normal 0.85, 0.60, 0.70
        Assert.Equal([0.80, 0.90, 0.95], Runs().BySeed("accuracy", "order", "reversed"));
        Assert.Equal([0.85, 0.60, 0.70], Runs().BySeed("accuracy", "order", "normal"));
    }

    [Fact]
    public void Finding_pairs_by_seed_and_counts_the_seeds_each_side_wins()
    {
        // seed 9: 0.80 < 0.85 (normal wins); seed 10: 0.90 > 0.60; seed 11: 0.95 > 0.70 -> reversed better on 2 of 3
        var line = Runs().Finding("reversal helps", "accuracy", "order", "reversed", "normal");
        Assert.Equal("reversal helps: mixed, better on 2 of 3 seeds (0.883 ± 0.076 vs 0.717 ± 0.126)", line);
        // Lower is better: normal "wins" where its accuracy is lower, i.e. on seeds 10 and 11.
        Assert.StartsWith("x: mixed, better on 2 of 3 seeds", Runs().Finding("x", "accuracy", "order", "normal", "reversed", higherIsBetter: false));
        var (a, b) = Runs().Paired("accuracy", "order", "reversed", "normal");
        Assert.Equal([0.80, 0.90, 0.95], a);
        Assert.Equal([0.85, 0.60, 0.70], b);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var runs = Runs();
        Assert.Contains("No row has 'order' = 'sideways'", Assert.Throws<ArgumentException>(() => runs.BySeed("accuracy", "order", "sideways")).Message);
        Assert.Contains("'reversed', 'normal'", Assert.Throws<ArgumentException>(() => runs.BySeed("accuracy", "order", "sideways")).Message);
        Assert.Contains("No column named 'acc'", Assert.Throws<ArgumentException>(() => runs.BySeed("acc", "order", "normal")).Message);
        Assert.Contains("not numbers", Assert.Throws<ArgumentException>(() => runs.BySeed("order", "order", "normal")).Message);

        var missing = Runs();
        missing.Append(new object[] { "reversed", 12L, 0.5 }, inPlace: true);
        var e = Assert.Throws<ArgumentException>(() => missing.Paired("accuracy", "order", "reversed", "normal"));
        Assert.Contains("[9, 10, 11, 12]", e.Message);
        Assert.Contains("[9, 10, 11]", e.Message);

        var twice = Runs();
        twice.Append(new object[] { "normal", 9L, 0.5 }, inPlace: true);
        Assert.Contains("2 rows for seed 9", Assert.Throws<ArgumentException>(() => twice.BySeed("accuracy", "order", "normal")).Message);
    }
}
