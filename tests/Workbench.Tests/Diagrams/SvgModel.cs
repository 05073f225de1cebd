using System.Globalization;
using System.Xml.Linq;
using Workbench.Diagrams;

namespace Workbench.Tests.Diagrams;

/// <summary>What a diagram's SVG says, read back with an XML parser: its nodes (g.node, data-id, texts), its edges
/// (g.edge, data-from, data-to, label) and every text as a reader sees it (tspans joined).</summary>
sealed record SvgModel(IReadOnlyList<SvgModel.Node> Nodes, IReadOnlyList<SvgModel.Edge> Edges, IReadOnlyList<string> Texts, XElement Root)
{
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public sealed record Node(string Id, string[] Classes, string[] Texts)
    {
        public string Text => string.Join(" | ", Texts);
        public bool Is(string cls) => Classes.Contains(cls);
    }

    public sealed record Edge(string From, string To, string[] Classes, string? Label, double StrokeWidth)
    {
        public bool Is(string cls) => Classes.Contains(cls);
    }

    public static SvgModel Parse(Diagram d) => Parse(d.ToSvgDocument());

    public static SvgModel Parse(string svgDocument)
    {
        var root = XDocument.Parse(svgDocument).Root!;
        Assert.Equal(Ns + "svg", root.Name);
        string[] Classes(XElement e) => ((string?)e.Attribute("class") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var groups = root.Elements(Ns + "g").ToList();
        var nodes = groups.Where(g => Classes(g).Contains("node"))
            .Select(g => new Node((string)g.Attribute("data-id")!, Classes(g), g.Elements(Ns + "text").Select(t => t.Value).ToArray())).ToList();
        var edges = groups.Where(g => Classes(g).Contains("edge"))
            .Select(g => new Edge((string)g.Attribute("data-from")!, (string)g.Attribute("data-to")!, Classes(g),
                                  g.Element(Ns + "text")?.Value,
                                  double.Parse((string)g.Element(Ns + "polyline")!.Attribute("stroke-width")!, CultureInfo.InvariantCulture))).ToList();
        var texts = root.Descendants(Ns + "text").Select(t => t.Value).ToList();
        return new SvgModel(nodes, edges, texts, root);
    }

    public Node NodeById(string id) => Nodes.Single(n => n.Id == id);

    public IEnumerable<Edge> EdgesOf(string cls) => Edges.Where(e => e.Is(cls));

    /// <summary>Every edge joins two drawn nodes, and node ids are unique.</summary>
    public void AssertEdgesJoinNodes()
    {
        var ids = Nodes.Select(n => n.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var e in Edges)
        {
            Assert.Contains(e.From, ids);
            Assert.Contains(e.To, ids);
        }
    }
}
