using Workbench.Frames;

namespace Workbench.Tables;

/// <summary>
/// The seed helpers under their old name, kept only until the notebooks move to <see cref="SeedStats"/>
/// (which also groups a DataFrame by condition). Same results, except that <see cref="Stats"/> keeps its old
/// answer of 0 for the standard deviation of a single value.
/// </summary>
public static class SeedComparison
{
    public static (double Mean, double Std) Stats(IReadOnlyCollection<double> values)
    {
        var (mean, std) = SeedStats.Of(values);
        return (mean, double.IsNaN(std) ? 0 : std);
    }

    public static string MeanStd(IReadOnlyList<double> values, string format = "F3") => SeedStats.Text(values, format);

    public static string Finding(string claim, IReadOnlyList<double> a, IReadOnlyList<double> b, bool higherIsBetter = true, string format = "F3") =>
        SeedStats.Finding(claim, a, b, higherIsBetter, format);
}
