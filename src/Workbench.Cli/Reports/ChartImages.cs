using Workbench.Charts;

namespace Workbench.Cli.Reports;

/// <summary>Static PNG fallbacks for charts, so an executed notebook shows them where scripts do not run
/// (GitHub, nbconvert without JavaScript): image/png is added next to text/html in the chart's bundle, the
/// way plotly's "html+png" renderers do. Rendered by headless Chromium through Plotly.toImage.</summary>
public static class ChartImages
{
    public const string PngMime = "image/png";

    /// <summary>An enricher that adds image/png to chart bundles, or null (after a note) without Chromium.</summary>
    public static Func<object?, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? TryCreate(Action<string> note)
    {
        if (ChromiumRenderer.FindChromium() is null)
        {
            note($"Chromium not found (apt-get install chromium, or set {ChromiumRenderer.ExecutableVariable}); charts get no PNG fallback");
            return null;
        }
        var renderer = new ChromiumRenderer();
        return (value, bundle) =>
        {
            if (Figure.TryFrom(value) is not { } figure || bundle.ContainsKey(PngMime)) return bundle;
            try
            {
                byte[] png = renderer.ToPng(figure);
                return new Dictionary<string, string>(bundle) { [PngMime] = Convert.ToBase64String(png) };
            }
            catch (InvalidOperationException e)
            {
                note($"a chart's PNG fallback could not be rendered: {e.Message}");
                return bundle;
            }
        };
    }
}
