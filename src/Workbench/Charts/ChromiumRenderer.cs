using Workbench.IO;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebook;

namespace Workbench.Charts;

/// <summary>
/// Renders figures in headless Chromium (Debian's /usr/bin/chromium; install with apt-get install chromium):
/// checks that a figure draws without errors and exports it to PNG or SVG through Plotly.toImage, the way Kaleido
/// does. Each call starts one short-lived browser with a fresh profile and reads the result back with --dump-dom,
/// so there is no driver, no download and nothing left running.
/// </summary>
public sealed class ChromiumRenderer
{
    /// <summary>Environment variable that overrides where Chromium is looked for.</summary>
    public const string ExecutableVariable = "WORKBENCH_CHROMIUM";

    static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    public ChromiumRenderer(string? executablePath = null, TimeSpan? timeout = null)
    {
        ExecutablePath = executablePath ?? FindChromium() ?? throw new FileNotFoundException(
            $"Chromium was not found (looked at ${ExecutableVariable} and {string.Join(", ", Candidates)}). " +
            "Install it (Debian: sudo apt-get install chromium; .ci/install.sh does this) or pass its path.");
        if (!File.Exists(ExecutablePath)) throw new FileNotFoundException($"Chromium executable '{ExecutablePath}' does not exist.", ExecutablePath);
        Timeout = timeout ?? TimeSpan.FromSeconds(120);
    }

    public string ExecutablePath { get; }

    /// <summary>Wall-clock limit for one browser run.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The Chromium executable to use, or null when none is installed.</summary>
    public static string? FindChromium()
    {
        var fromEnv = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Draws the figure and reports traces, svg layers and page errors.</summary>
    public RenderReport Render(Figure figure) => ToReport(RunFigure(figure, image: null));

    /// <summary>The figure as PNG bytes (size from the figure's layout unless given; <paramref name="scale"/> multiplies pixels).</summary>
    public byte[] ToPng(Figure figure, int? width = null, int? height = null, double scale = 1) =>
        DecodeDataUrl(ExportImage(figure, "png", width, height, scale), "png");

    /// <summary>The figure as an SVG document.</summary>
    public string ToSvg(Figure figure, int? width = null, int? height = null) =>
        Encoding.UTF8.GetString(DecodeDataUrl(ExportImage(figure, "svg", width, height, 1), "svg"));

    /// <summary>Writes <see cref="ToPng"/> to <paramref name="path"/> atomically.</summary>
    public void SavePng(Figure figure, string path, int? width = null, int? height = null, double scale = 1) =>
        AtomicFile.WriteAllBytes(path, ToPng(figure, width, height, scale));

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically.</summary>
    public void SaveSvg(Figure figure, string path, int? width = null, int? height = null) =>
        AtomicFile.WriteAllText(path, ToSvg(figure, width, height));

    /// <summary>
    /// Screenshots any local HTML page (e.g. a notebook output) to PNG. <paramref name="virtualTimeMs"/> is how much
    /// virtual time scripts get before the shot.
    /// </summary>
    public void Screenshot(string htmlPath, string pngPath, int width = 1000, int height = 800, int virtualTimeMs = 10_000)
    {
        if (!File.Exists(htmlPath)) throw new FileNotFoundException($"HTML page not found: {htmlPath}", htmlPath);
        using var work = new TempDir();
        var shot = Path.Combine(work.Path, "shot.png");
        Run(work.Path, [$"--screenshot={shot}", $"--window-size={width},{height}", "--hide-scrollbars", $"--virtual-time-budget={virtualTimeMs}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri]);
        if (!File.Exists(shot)) throw new InvalidOperationException($"Chromium did not write a screenshot of {htmlPath}.");
        AtomicFile.WriteAllBytes(pngPath, File.ReadAllBytes(shot));
    }

    /// <summary>
    /// Loads a local HTML page, lets its scripts run for <paramref name="virtualTimeMs"/> of virtual time and returns
    /// the serialized DOM (so a page can report results by writing them into an element).
    /// </summary>
    public string DumpDom(string htmlPath, int virtualTimeMs = 30_000)
    {
        if (!File.Exists(htmlPath)) throw new FileNotFoundException($"HTML page not found: {htmlPath}", htmlPath);
        using var work = new TempDir();
        return Run(work.Path, ["--dump-dom", $"--virtual-time-budget={virtualTimeMs}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri]);
    }

    string ExportImage(Figure figure, string format, int? width, int? height, double scale)
    {
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), $"scale must be positive, got {scale}.");
        var options = new JsonObject { ["format"] = format, ["scale"] = scale };
        var layout = figure.Layout;
        options["width"] = width ?? (int?)layout["width"] ?? 700;
        options["height"] = height ?? (int?)layout["height"] ?? 450;
        var result = RunFigure(figure, options);
        var report = ToReport(result);
        if (!report.Ok || result["image"] is not JsonValue image)
            throw new InvalidOperationException($"Plotly.toImage({format}) failed: {Describe(report)}");
        return image.GetValue<string>();
    }

    JsonObject RunFigure(Figure figure, JsonObject? image)
    {
        using var work = new TempDir();
        var page = Path.Combine(work.Path, "figure.html");
        File.WriteAllText(page, ProbePage(figure, SharedPlotlyCopy(), image));
        var dom = DumpDom(page);
        var start = dom.IndexOf("<pre id=\"wb-result\">", StringComparison.Ordinal);
        var end = start < 0 ? -1 : dom.IndexOf("</pre>", start, StringComparison.Ordinal);
        if (start < 0 || end < 0) throw new InvalidOperationException("Chromium returned a page without the result marker:\n" + Clip(dom));
        var text = WebUtility.HtmlDecode(dom[(start + "<pre id=\"wb-result\">".Length)..end]);
        if (text.Length == 0) throw new InvalidOperationException("The figure did not finish drawing within the virtual time budget (30 s).");
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Unreadable render result: " + Clip(text));
    }

    /// <summary>A page that records errors first, loads plotly.js, draws, optionally exports, and writes JSON into #wb-result.</summary>
    static string ProbePage(Figure figure, string plotlyPath, JsonObject? image)
    {
        var fig = new JsonObject
        {
            ["data"] = JsonNode.Parse(JsonSerializer.Serialize(figure.Traces, PlotlyJson.Options)),
            ["layout"] = figure.Layout,
            ["config"] = figure.Config,
        }.ToJsonString(PlotlyJson.Options);
        var imageJs = image?.ToJsonString(PlotlyJson.Options) ?? "null";
        return $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8">
            <script>
            window.__wbErrors = [];
            window.onerror = function (msg, src, line) { __wbErrors.push(String(msg) + " (" + src + ":" + line + ")"); };
            window.addEventListener("unhandledrejection", function (e) { __wbErrors.push("unhandled rejection: " + (e.reason && e.reason.stack || e.reason)); });
            (function () { var original = console.error; console.error = function () { __wbErrors.push("console.error: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); }; })();
            </script>
            <script src="{{new Uri(plotlyPath).AbsoluteUri}}"></script>
            </head><body>
            <div id="gd"></div>
            <pre id="wb-result"></pre>
            <script>
            (function () {
              function done(r) { r.errors = __wbErrors; document.getElementById("wb-result").textContent = JSON.stringify(r); }
              if (!window.Plotly) { __wbErrors.push("plotly.js did not load"); done({ plotted: false }); return; }
              var fig = {{fig}}, image = {{imageJs}};
              Plotly.newPlot("gd", fig.data, fig.layout, fig.config).then(function (gd) {
                var r = { plotted: true, version: Plotly.version, dataTraces: gd.data.length,
                          drawnTraces: gd.querySelectorAll(".cartesianlayer .trace, .cartesianlayer .hm").length,
                          svgCount: gd.querySelectorAll("svg.main-svg").length,
                          tickLabels: Array.prototype.map.call(gd.querySelectorAll(".xtick text, .ytick text"), function (t) { return t.textContent; }),
                          texts: Array.prototype.map.call(gd.querySelectorAll(".xtick text, .ytick text, .annotation-text, .g-gtitle text, [class^='g-x'][class$='title'] text, [class^='g-y'][class$='title'] text"), function (t) {
                            var b = t.getBoundingClientRect();
                            return { text: t.textContent, left: b.left, top: b.top, right: b.right, bottom: b.bottom };
                          }) };
                if (!image) { done(r); return; }
                return Plotly.toImage(gd, image).then(function (url) { r.image = url; done(r); });
              }).catch(function (e) { __wbErrors.push("newPlot/toImage failed: " + (e && e.stack || e)); done({ plotted: false }); });
            })();
            </script>
            </body></html>
            """;
    }

    static RenderReport ToReport(JsonObject r) => new(
        Plotted: r["plotted"]?.GetValue<bool>() ?? false,
        DataTraces: r["dataTraces"]?.GetValue<int>() ?? 0,
        DrawnTraces: r["drawnTraces"]?.GetValue<int>() ?? 0,
        SvgCount: r["svgCount"]?.GetValue<int>() ?? 0,
        Errors: (r["errors"] as JsonArray)?.Select(e => e?.ToString() ?? "").ToArray() ?? [],
        PlotlyVersion: r["version"]?.GetValue<string>())
    {
        TickLabels = (r["tickLabels"] as JsonArray)?.Select(t => t?.ToString() ?? "").ToArray() ?? [],
        Texts = (r["texts"] as JsonArray)?.OfType<JsonObject>().Select(t => new TextBox(t["text"]?.ToString() ?? "",
            (double)t["left"]!, (double)t["top"]!, (double)t["right"]!, (double)t["bottom"]!)).ToArray() ?? [],
    };

    static string Describe(RenderReport r) =>
        r.Errors.Count > 0 ? string.Join("; ", r.Errors) : r.Plotted ? "no image returned" : "the figure was not plotted";

    /// <summary>One plotly.min.js per version in the temp folder, shared by all runs (written atomically once).</summary>
    static string SharedPlotlyCopy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"workbench-plotly-{PlotlyJs.Version}", "plotly.min.js");
        if (!File.Exists(path) || new FileInfo(path).Length != Encoding.UTF8.GetByteCount(PlotlyJs.Source())) PlotlyJs.WriteTo(path);
        return path;
    }

    static byte[] DecodeDataUrl(string url, string format)
    {
        var comma = url.IndexOf(',');
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0) throw new InvalidOperationException($"Plotly.toImage({format}) returned no data URL: {Clip(url)}");
        var header = url[..comma];
        var payload = url[(comma + 1)..];
        return header.EndsWith(";base64", StringComparison.Ordinal)
            ? Convert.FromBase64String(payload)
            : Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload)); // plotly returns SVG URL-encoded
    }

    string Run(string workDir, IEnumerable<string> args)
    {
        var profile = Path.Combine(workDir, "profile");
        var psi = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--allow-file-access-from-files", $"--user-data-dir={profile}",
                 }.Concat(args))
            psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish within {Timeout.TotalSeconds:0} s. stderr:\n{Clip(stderr.Result)}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Chromium exited with code {process.ExitCode}. stderr:\n{Clip(stderr.Result)}");
        return stdout.Result;
    }

    static string Clip(string s) => s.Length <= 2000 ? s : s[..2000] + " ...";

    /// <summary>A private temp folder (page, browser profile) removed afterwards.</summary>
    sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("wb-chromium-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { } // a browser child may still hold a file briefly; the OS temp cleaner gets it
        }
    }
}
