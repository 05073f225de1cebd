using System.Globalization;
using System.Text.Json.Nodes;

namespace Workbench.Charts;

public static partial class Chart
{
    /// <summary>
    /// A reference level drawn across a chart, e.g. the unigram model's perplexity that a language model has to beat:
    /// a dashed horizontal line from <paramref name="x0"/> to <paramref name="x1"/> in a neutral grey (not one of the
    /// condition colours), with its own legend entry "<paramref name="name"/> (value)". Overlay it with
    /// <see cref="Combine"/>.
    /// </summary>
    public static Figure Baseline(double y, double x0, double x1, string name, string color = "#555555")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!double.IsFinite(y)) throw new ArgumentOutOfRangeException(nameof(y), y, $"baseline '{name}': the level must be a finite number.");
        var trace = XYTrace("scatter", "lines", new[] { x0, x1 }, new[] { y, y }, $"{name} ({y.ToString("G4", CultureInfo.InvariantCulture)})");
        trace["line"] = new JsonObject { ["color"] = color, ["width"] = 1.5, ["dash"] = "dash" };
        trace["hoverinfo"] = "name";
        return new Figure([trace]);
    }
}
