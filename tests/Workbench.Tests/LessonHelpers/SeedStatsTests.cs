using Microsoft.Data.Analysis;
using Workbench.Frames;
using Xunit;

namespace Workbench.Tests.LessonHelpers;

public class SeedStatsTests
{
    [Fact]
    public void MeanStd_uses_the_sample_standard_deviation()
    {
        // 1, 2, 3: mean 2, sample variance ((1 + 0 + 1) / 2) = 1
        Assert.Equal("2.000 ± 1.000", SeedStats.Text([1.0, 2.0, 3.0]));
        // 0.5, 0.7: mean 0.6, sample std sqrt(0.02) = 0.1414
        Assert.Equal("0.60 ± 0.14", SeedStats.Text([0.5, 0.7], "F2"));
        Assert.Equal("4.250", SeedStats.Text([4.25]));
    }

    [Fact]
    public void Of_gives_the_mean_and_sample_standard_deviation_undefined_for_one_seed()
    {
        Assert.Equal((2.0, 1.0), SeedStats.Of([1.0, 2.0, 3.0]));
        var one = SeedStats.Of([4.25]);
        Assert.Equal(4.25, one.Mean);
        Assert.True(double.IsNaN(one.Std));
        Assert.Throws<ArgumentException>(() => SeedStats.Of([]));
    }

    /// <summary>One row per (cell, seed), the way a lesson records its runs.</summary>
    static DataFrame Runs() => new(
        new StringDataFrameColumn("cell", ["Gru", "Gru", "Gru", "Lstm", "Lstm", "Rnn"]),
        new Int32DataFrameColumn("seed", new int?[] { 1, 2, 3, 1, 2, 1 }),
        new DoubleDataFrameColumn("ppl", new double?[] { 88.5, 90.5, 89.0, 85.0, 86.0, 99.0 }),
        new Int32DataFrameColumn("steps", new int?[] { 10, 20, 30, 10, null, 10 }));

    [Fact]
    public void MeanStd_groups_by_condition_in_order_of_appearance_with_hand_worked_numbers()
    {
        var s = Runs().MeanStd("cell", "ppl", "steps");
        Assert.Equal(["cell", "n", "ppl mean", "ppl std", "steps mean", "steps std"], s.Columns.Select(c => c.Name));
        Assert.Equal(["Gru", "Lstm", "Rnn"], s["cell"].Cast<string>());
        Assert.Equal([3, 2, 1], s["n"].Cast<int?>());
        Assert.Equal(typeof(string), s["cell"].DataType);
        // Gru: 88.5, 90.5, 89.0 -> mean 89.3333; deviations -0.8333, 1.1667, -0.3333; squares sum 2.16667; /2 -> 1.08333; sqrt 1.040833
        Assert.Equal(89.333333, (double)s["ppl mean"][0]!, 5);
        Assert.Equal(1.040833, (double)s["ppl std"][0]!, 5);
        // Lstm: 85, 86 -> 85.5 ± sqrt(0.5) = 0.707107
        Assert.Equal(85.5, (double)s["ppl mean"][1]!, 9);
        Assert.Equal(0.707107, (double)s["ppl std"][1]!, 5);
        // Rnn: one seed, the std is undefined
        Assert.Equal(99.0, (double)s["ppl mean"][2]!);
        Assert.True(double.IsNaN((double)s["ppl std"][2]!));
        // Lstm's missing steps are skipped: one value left, 10, std undefined; Gru steps 10, 20, 30 -> 20 ± 10
        Assert.Equal(10.0, (double)s["steps mean"][1]!);
        Assert.True(double.IsNaN((double)s["steps std"][1]!));
        Assert.Equal(20.0, (double)s["steps mean"][0]!);
        Assert.Equal(10.0, (double)s["steps std"][0]!, 12);
    }

    [Fact]
    public void MeanStd_groups_by_several_columns_and_keeps_their_types()
    {
        var runs = new DataFrame(
            new StringDataFrameColumn("attention", ["none", "none", "additive", "additive", "none", "none"]),
            new Int32DataFrameColumn("bucket", new int?[] { 1, 2, 1, 2, 1, 2 }),
            new DoubleDataFrameColumn("em", new double?[] { 0.2, 0.1, 0.9, 0.8, 0.4, 0.3 }));
        var s = runs.MeanStd(["attention", "bucket"], "em");
        Assert.Equal(4, s.Rows.Count);
        Assert.Equal(typeof(int), s["bucket"].DataType);
        Assert.Equal(["none", "none", "additive", "additive"], s["attention"].Cast<string>());
        Assert.Equal([1, 2, 1, 2], s["bucket"].Cast<int?>());
        Assert.Equal(0.3, (double)s["em mean"][0]!, 12);              // 0.2, 0.4
        Assert.Equal(Math.Sqrt(0.02), (double)s["em std"][0]!, 12);   // ((-0.1)^2 + 0.1^2) / 1
        Assert.Equal(2, (int)s["n"][0]!);
        Assert.Equal(1, (int)s["n"][2]!);
    }

    [Fact]
    public void MeanStd_names_a_missing_or_non_numeric_column()
    {
        var e = Assert.Throws<ArgumentException>(() => Runs().MeanStd("model", "ppl"));
        Assert.Contains("'model'", e.Message);
        Assert.Contains("'cell'", e.Message);
        e = Assert.Throws<ArgumentException>(() => Runs().MeanStd("seed", "cell"));
        Assert.Contains("'cell' holds String", e.Message);
    }

    [Fact]
    public void Finding_says_yes_only_when_better_on_every_seed()
    {
        Assert.Equal("A beats B: yes, better on 3 of 3 seeds (0.900 ± 0.100 vs 0.500 ± 0.100)",
            SeedStats.Finding("A beats B", [0.8, 0.9, 1.0], [0.4, 0.5, 0.6]));
        Assert.Equal("A beats B: mixed, better on 1 of 2 seeds (0.500 ± 0.283 vs 0.500 ± 0.283)",
            SeedStats.Finding("A beats B", [0.7, 0.3], [0.3, 0.7]));
    }

    [Fact]
    public void Finding_reports_ties_and_lower_is_better()
    {
        Assert.Equal("A beats B: no, better on 0 of 2 seeds, 2 tied (1.000 ± 0.000 vs 1.000 ± 0.000)",
            SeedStats.Finding("A beats B", [1.0, 1.0], [1.0, 1.0]));
        // losses: 2.1 < 2.3 and 2.0 < 2.2, so A is better on both
        Assert.StartsWith("lower loss: yes, better on 2 of 2 seeds",
            SeedStats.Finding("lower loss", [2.1, 2.0], [2.3, 2.2], higherIsBetter: false));
    }

    [Fact]
    public void Finding_rejects_unpaired_values()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedStats.Finding("x", [1.0], [1.0, 2.0]));
        Assert.Contains("pair them by seed", e.Message);
    }
}
