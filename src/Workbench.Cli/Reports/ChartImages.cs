namespace Workbench.Cli.Reports;

/// <summary>Static PNG fallbacks for charts, so an executed notebook shows them where scripts do not run
/// (GitHub, nbconvert without JavaScript). Rendered by headless Chromium.</summary>
public static class ChartImages
{
    public const string PlotlyJsonMime = "application/vnd.plotly.v1+json";

    /// <summary>An enricher that adds image/png to bundles carrying a plotly figure, or null (with a note)
    /// when no renderer is available.</summary>
    public static Func<object, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? TryCreate(Action<string> note)
    {
        note("chart PNG fallbacks are not rendered yet (Chromium renderer not available in this build)");
        return null;
    }
}
