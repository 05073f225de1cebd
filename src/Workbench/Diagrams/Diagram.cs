using System.Globalization;
using Workbench.IO;
using Workbench.Notebook;

namespace Workbench.Diagrams;

/// <summary>
/// A diagram drawn by code as SVG (see <see cref="RnnDiagram"/>, <see cref="CellDiagram"/>,
/// <see cref="Seq2SeqDiagram"/>, <see cref="AttentionDiagram"/>, <see cref="BeamTreeDiagram"/>). In a notebook it
/// displays inline (text/html and image/svg+xml through the .NET Interactive formatter convention); <see cref="Save"/>
/// writes the .svg file. The same input always gives byte-identical SVG: no random ids, invariant number formatting.
/// </summary>
[TypeFormatterSource(typeof(DiagramFormatterSource), PreferredMimeTypes = ["text/html", "image/svg+xml", "text/plain"])]
public sealed class Diagram
{
    internal Diagram(string title, double width, double height, string svg)
    {
        Title = title;
        Width = width;
        Height = height;
        Svg = svg;
    }

    public string Title { get; }

    /// <summary>Natural size in CSS pixels (the drawing scales down to fit a narrower page).</summary>
    public double Width { get; }

    public double Height { get; }

    /// <summary>The &lt;svg&gt; element, for inlining into HTML.</summary>
    public string Svg { get; }

    /// <summary>A standalone SVG file's text (XML declaration, UTF-8).</summary>
    public string ToSvgDocument() => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Svg + "\n";

    /// <summary>The SVG inside a &lt;div&gt;, as shown in a notebook or an HTML report.</summary>
    public string ToHtml() => "<div class=\"wb-diagram\" style=\"max-width:100%;overflow-x:auto\">\n" + Svg + "\n</div>";

    /// <summary>Writes the .svg file atomically (UTF-8 without BOM).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, ToSvgDocument());
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Diagram \"{Title}\" ({Width:0} × {Height:0} px SVG)");
}
