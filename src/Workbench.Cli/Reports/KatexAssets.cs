using System.Reflection;
using Workbench.IO;

namespace Workbench.Cli.Reports;

/// <summary>KaTeX (npm <c>katex</c>, pinned in Reports/katex/package-lock.json) embedded at build time and written
/// once beside the reports as <c>katex/</c> (script, stylesheet, woff2 fonts), like plotly.min.js: reports load it
/// from there, so math draws offline and no report carries its own copy. A report's markdown math
/// (<see cref="MarkdownHtml"/>) is drawn by <see cref="RenderScript"/>; without the folder the TeX shows as typed.</summary>
public static class KatexAssets
{
    public const string FolderName = "katex";
    const string Prefix = FolderName + "/";

    /// <summary>The &lt;head&gt; elements that load KaTeX from the shared folder.</summary>
    public const string HeadTags =
        "<link rel=\"stylesheet\" href=\"katex/katex.min.css\">\n<script src=\"katex/katex.min.js\"></script>\n";

    /// <summary>Draws every <c>.math</c> element Markdig wrote (<c>\(…\)</c> inline, <c>\[…\]</c> display).</summary>
    public const string RenderScript = """
        <script>
        if (window.katex) for (const el of document.querySelectorAll("span.math, div.math")) {
          const tex = el.textContent.trim().replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
          katex.render(tex, el, { displayMode: el.tagName === "DIV" || el.classList.contains("display"), throwOnError: false });
        }
        </script>

        """;

    static IEnumerable<string> ResourceNames() =>
        typeof(KatexAssets).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>The files, relative to the output folder, e.g. "katex/katex.min.js", "katex/fonts/KaTeX_Main-Regular.woff2".</summary>
    public static IReadOnlyList<string> Files => ResourceNames().ToArray();

    /// <summary>Writes <c>katex/</c> into the folder; files already identical are left alone.</summary>
    public static void EnsureFiles(string folder)
    {
        var names = ResourceNames().ToArray();
        if (names.Length == 0)
            throw new InvalidOperationException(
                "KaTeX is missing from Workbench.Cli.dll; the build's RestoreNpmAssets target (npm ci in src/Workbench.Cli/Reports/katex) did not run.");
        foreach (string name in names)
        {
            byte[] bytes = Read(name);
            string path = Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, bytes);
        }
    }

    static byte[] Read(string name)
    {
        using var stream = typeof(KatexAssets).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
