using Workbench.Tables;
using Xunit;

namespace Workbench.Tests.LessonHelpers;

public class SeedComparisonTests
{
    [Fact]
    public void MeanStd_uses_the_sample_standard_deviation()
    {
        // 1, 2, 3: mean 2, sample variance ((1 + 0 + 1) / 2) = 1
        Assert.Equal("2.000 ± 1.000", SeedComparison.MeanStd([1.0, 2.0, 3.0]));
        // 0.5, 0.7: mean 0.6, sample std sqrt(0.02) = 0.1414
        Assert.Equal("0.60 ± 0.14", SeedComparison.MeanStd([0.5, 0.7], "F2"));
        Assert.Equal("4.250", SeedComparison.MeanStd([4.25]));
    }

    [Fact]
    public void Stats_gives_the_mean_and_sample_standard_deviation()
    {
        Assert.Equal((2.0, 1.0), SeedComparison.Stats([1.0, 2.0, 3.0]));
        Assert.Equal((4.25, 0.0), SeedComparison.Stats([4.25]));
        Assert.Throws<ArgumentException>(() => SeedComparison.Stats([]));
    }

    [Fact]
    public void Finding_says_yes_only_when_better_on_every_seed()
    {
        Assert.Equal("A beats B: yes, better on 3 of 3 seeds (0.900 ± 0.100 vs 0.500 ± 0.100)",
            SeedComparison.Finding("A beats B", [0.8, 0.9, 1.0], [0.4, 0.5, 0.6]));
        Assert.Equal("A beats B: mixed, better on 1 of 2 seeds (0.500 ± 0.283 vs 0.500 ± 0.283)",
            SeedComparison.Finding("A beats B", [0.7, 0.3], [0.3, 0.7]));
    }

    [Fact]
    public void Finding_reports_ties_and_lower_is_better()
    {
        Assert.Equal("A beats B: no, better on 0 of 2 seeds, 2 tied (1.000 ± 0.000 vs 1.000 ± 0.000)",
            SeedComparison.Finding("A beats B", [1.0, 1.0], [1.0, 1.0]));
        // losses: 2.1 < 2.3 and 2.0 < 2.2, so A is better on both
        Assert.StartsWith("lower loss: yes, better on 2 of 2 seeds",
            SeedComparison.Finding("lower loss", [2.1, 2.0], [2.3, 2.2], higherIsBetter: false));
    }

    [Fact]
    public void Finding_rejects_unpaired_values()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedComparison.Finding("x", [1.0], [1.0, 2.0]));
        Assert.Contains("pair them by seed", e.Message);
    }
}
