using Workbench.IO;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Workbench.Notebook;

/// <summary>
/// The plotly.js bundle (npm <c>plotly.js-dist-min</c>, pinned in Notebook/plotly/package-lock.json) embedded in
/// Workbench.dll at build time. plotly.js 3+ has no AMD header: loading it with a plain &lt;script&gt; defines
/// <c>window.Plotly</c>, which is what <see cref="Workbench.Charts.Figure.ToHtml"/> waits for.
/// </summary>
public static partial class PlotlyJs
{
    const string ResourceName = "Workbench.Notebook.plotly.min.js";
    static readonly Lazy<string> source = new(LoadSource);

    /// <summary>The plotly.js version, read from the bundle's banner (e.g. "4.1.2").</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>The whole minified plotly.js text (about 4.8 MB).</summary>
    public static string Source() => source.Value;

    /// <summary>
    /// plotly.js as HTML to display once in a notebook's first cell (<c>PlotlyJs.Script()</c> as the cell's last
    /// expression): VS Code renders all HTML outputs of a notebook in one webview, so <c>window.Plotly</c> stays
    /// defined for later figures. The headless runner replaces it with a reference to one shared plotly.min.js.
    /// </summary>
    public static RawHtml Script() => new(ScriptTag());

    /// <summary>An inline &lt;script&gt; element holding plotly.js (what <see cref="Script"/> displays).</summary>
    public static string ScriptTag() =>
        // The bundle contains no "</script" (checked by a test), so it can be inlined as is.
        "<script type=\"text/javascript\">\n" + Source() + "\n</script>";

    /// <summary>Writes plotly.min.js to <paramref name="path"/> atomically, so several reports can share one copy.</summary>
    public static void WriteTo(string path) => AtomicFile.WriteAllText(path, Source());

    static string LoadSource()
    {
        using var stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ResourceName}' is missing from {typeof(PlotlyJs).Assembly.GetName().Name}.dll; " +
                "the build's RestorePlotlyJs target (npm ci in src/Workbench/Notebook/plotly) did not run.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    static string ReadVersion()
    {
        using var stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) return "unknown";
        var head = new char[256];
        int n = new StreamReader(stream).ReadBlock(head);
        var m = BannerVersion().Match(new string(head, 0, n));
        return m.Success ? m.Groups[1].Value : "unknown";
    }

    [GeneratedRegex(@"plotly\.js v(\d+\.\d+\.\d+\S*)")]
    private static partial Regex BannerVersion();
}
