using System.Globalization;
using System.Text;

namespace Workbench.Diagrams;

/// <summary>Colours and strokes of one element. Colours are CSS colours; null means none.</summary>
internal sealed record Ink(string Stroke = Palette.Line, string? Fill = null, double Width = 1.5, string? Dash = null, double Opacity = 1);

/// <summary>How a node is drawn.</summary>
internal enum NodeShape { Box, Circle, Pill }

/// <summary>A drawn node: its id and the box it occupies, for attaching edges.</summary>
internal sealed record DrawnNode(string Id, double X, double Y, double W, double H)
{
    public double Left => X - W / 2;
    public double Right => X + W / 2;
    public double Top => Y - H / 2;
    public double Bottom => Y + H / 2;
}

/// <summary>
/// Writes an SVG drawing element by element, deterministically: coordinates rounded to 0.01 px in the invariant
/// culture, no element ids (several diagrams share one notebook page, where ids would collide; arrowheads are
/// polygons, not markers), and a fixed attribute order. Nodes and edges carry <c>class</c> and <c>data-*</c>
/// attributes naming what they are, so tests (and curious readers) can check the structure in the SVG itself.
/// </summary>
internal sealed class SvgCanvas
{
    public const double FontSize = 15;
    public const double SmallFont = 12.5;
    readonly StringBuilder body = new();
    readonly HashSet<string> ids = [];

    /// <summary>A node with one or more centred label lines (markup, see <see cref="Label"/>).</summary>
    public DrawnNode Node(string id, string kind, NodeShape shape, double x, double y, double w, double h, Ink ink,
                          IReadOnlyList<string> lines, double fontSize = FontSize, string textColor = Palette.Text, bool bold = false,
                          string? caption = null)
    {
        if (!ids.Add(id)) throw new InvalidOperationException($"Diagram node id '{id}' is used twice.");
        body.Append("<g class=\"node ").Append(Attr(kind)).Append("\" data-id=\"").Append(Attr(id)).Append("\">");
        switch (shape)
        {
            case NodeShape.Circle:
                body.Append("<circle cx=\"").Append(F(x)).Append("\" cy=\"").Append(F(y)).Append("\" r=\"").Append(F(w / 2)).Append('"');
                break;
            default:
                double r = shape == NodeShape.Pill ? h / 2 : 6;
                body.Append("<rect x=\"").Append(F(x - w / 2)).Append("\" y=\"").Append(F(y - h / 2)).Append("\" width=\"").Append(F(w))
                    .Append("\" height=\"").Append(F(h)).Append("\" rx=\"").Append(F(r)).Append('"');
                break;
        }
        Paint(ink);
        body.Append("/>");
        double lineHeight = fontSize * 1.25, captionHeight = caption is null ? 0 : SmallFont * 1.2;
        double first = y - (lines.Count - 1) * lineHeight / 2 - captionHeight / 2;
        for (int i = 0; i < lines.Count; i++)
            TextElement(x, first + i * lineHeight, lines[i], markup: true, fontSize, "middle", textColor, bold, null);
        if (caption is not null)
            TextElement(x, first + (lines.Count - 1) * lineHeight + (lineHeight + captionHeight) / 2, caption, markup: true, SmallFont, "middle", Palette.Muted, false, null);
        body.Append("</g>\n");
        return new DrawnNode(id, x, y, w, h);
    }

    /// <summary>A box sized to its label lines (with padding), at least <paramref name="minW"/> × <paramref name="minH"/>.</summary>
    public DrawnNode FitNode(string id, string kind, NodeShape shape, double x, double y, Ink ink, IReadOnlyList<string> lines,
                             double minW = 0, double minH = 0, double fontSize = FontSize, string textColor = Palette.Text, bool bold = false,
                             string? caption = null)
    {
        double w = Math.Max(minW, Math.Max(lines.Max(l => Label.Width(l, fontSize)), caption is null ? 0 : Label.Width(caption, SmallFont)) + 18);
        double h = Math.Max(minH, lines.Count * fontSize * 1.25 + (caption is null ? 0 : SmallFont * 1.2) + 12);
        if (shape == NodeShape.Circle) w = h = Math.Max(w, h);
        return Node(id, kind, shape, x, y, w, h, ink, lines, fontSize, textColor, bold, caption);
    }

    /// <summary>
    /// An arrow along <paramref name="points"/> (a polyline; the head at the last point) from node
    /// <paramref name="from"/> to node <paramref name="to"/>, with an optional markup label at (lx, ly).
    /// </summary>
    public void Edge(string kind, string from, string to, IReadOnlyList<(double X, double Y)> points, Ink ink,
                     string? label = null, double lx = 0, double ly = 0, string anchor = "middle", string? labelColor = null,
                     double fontSize = SmallFont, bool head = true, bool labelOnTop = false, bool boldLabel = false)
    {
        if (points.Count < 2) throw new ArgumentException("An edge needs at least two points.", nameof(points));
        body.Append("<g class=\"edge ").Append(Attr(kind)).Append("\" data-from=\"").Append(Attr(from)).Append("\" data-to=\"").Append(Attr(to)).Append("\">");
        body.Append("<polyline points=\"").AppendJoin(' ', points.Select(p => F(p.X) + "," + F(p.Y))).Append('"');
        Paint(ink with { Fill = null }, noFill: true);
        body.Append("/>");
        if (head) ArrowHead(points[^2], points[^1], ink);
        if (label is not null)
        {
            if (labelOnTop)
            {   // a white plate under the label, so the label stays readable where it sits on the line
                double w = Label.Width(label, fontSize) + 6, h = fontSize + 4;
                double left = anchor switch { "middle" => lx - w / 2, "end" => lx - w + 3, _ => lx - 3 };
                body.Append("<rect x=\"").Append(F(left)).Append("\" y=\"").Append(F(ly - h / 2)).Append("\" width=\"").Append(F(w))
                    .Append("\" height=\"").Append(F(h)).Append("\" rx=\"3\" fill=\"#ffffff\" stroke=\"none\"/>");
            }
            TextElement(lx, ly, label, markup: true, fontSize, anchor, labelColor ?? ink.Stroke, boldLabel, null);
        }
        body.Append("</g>\n");
    }

    void ArrowHead((double X, double Y) from, (double X, double Y) tip, Ink ink)
    {
        double dx = tip.X - from.X, dy = tip.Y - from.Y, len = Math.Sqrt(dx * dx + dy * dy);
        if (len == 0) return;
        (dx, dy) = (dx / len, dy / len);
        double size = 7 + ink.Width * 1.5, half = size * 0.5;
        var (bx, by) = (tip.X - dx * size, tip.Y - dy * size);
        body.Append("<polygon points=\"")
            .Append(F(tip.X)).Append(',').Append(F(tip.Y)).Append(' ')
            .Append(F(bx - dy * half)).Append(',').Append(F(by + dx * half)).Append(' ')
            .Append(F(bx + dy * half)).Append(',').Append(F(by - dx * half)).Append('"');
        Paint(new Ink(Stroke: ink.Stroke, Fill: ink.Stroke, Width: 1, Opacity: ink.Opacity));
        body.Append("/>");
    }

    /// <summary>Free text in label markup.</summary>
    public void Text(double x, double y, string markup, double fontSize = FontSize, string anchor = "start",
                     string color = Palette.Text, bool bold = false, string? kind = null) =>
        TextElement(x, y, markup, markup: true, fontSize, anchor, color, bold, kind);

    /// <summary>Free text taken literally (vocabulary tokens, user strings): no markup.</summary>
    public void Literal(double x, double y, string text, double fontSize = FontSize, string anchor = "start",
                        string color = Palette.Text, bool bold = false, string? kind = null) =>
        TextElement(x, y, text, markup: false, fontSize, anchor, color, bold, kind);

    /// <summary>A plain shape with no node identity (backgrounds, bars, legend swatches).</summary>
    public void Rect(double x, double y, double w, double h, Ink ink, double rx = 0, string? kind = null)
    {
        body.Append("<rect");
        if (kind is not null) body.Append(" class=\"").Append(Attr(kind)).Append('"');
        body.Append(" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" width=\"").Append(F(w)).Append("\" height=\"").Append(F(h)).Append('"');
        if (rx > 0) body.Append(" rx=\"").Append(F(rx)).Append('"');
        Paint(ink);
        body.Append("/>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, Ink ink)
    {
        body.Append("<line x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2)).Append('"');
        Paint(ink, noFill: true);
        body.Append("/>\n");
    }

    void TextElement(double x, double y, string text, bool markup, double fontSize, string anchor, string color, bool bold, string? kind)
    {
        body.Append("<text");
        if (kind is not null) body.Append(" class=\"").Append(Attr(kind)).Append('"');
        body.Append(" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y + fontSize * 0.35)).Append("\" font-size=\"").Append(F(fontSize)).Append('"');
        if (anchor != "start") body.Append(" text-anchor=\"").Append(anchor).Append('"');
        if (bold) body.Append(" font-weight=\"bold\"");
        body.Append(" fill=\"").Append(color).Append("\">");
        var runs = markup ? Label.Parse(text) : [new LabelRun(text, Shift.None)];
        double offset = 0;   // current baseline shift in px, undone before a run on the baseline
        foreach (var run in runs)
        {
            double target = run.Shift switch { Shift.Sub => fontSize * 0.3, Shift.Sup => -fontSize * 0.42, _ => 0 };
            if (run.Shift == Shift.None && offset == 0) { body.Append(Esc(run.Text)); continue; }
            body.Append("<tspan");
            if (target != offset) body.Append(" dy=\"").Append(F(target - offset)).Append('"');
            if (run.Shift != Shift.None) body.Append(" font-size=\"").Append(F(fontSize * Label.ShiftScale)).Append('"');
            body.Append('>').Append(Esc(run.Text)).Append("</tspan>");
            offset = target;
        }
        body.Append("</text>");
        if (kind is not null || !markup) body.Append('\n');
    }

    void Paint(Ink ink, bool noFill = false)
    {
        body.Append(" fill=\"").Append(noFill || ink.Fill is null ? "none" : ink.Fill).Append('"');
        body.Append(" stroke=\"").Append(ink.Stroke).Append("\" stroke-width=\"").Append(F(ink.Width)).Append('"');
        if (ink.Dash is not null) body.Append(" stroke-dasharray=\"").Append(ink.Dash).Append('"');
        if (ink.Opacity < 1) body.Append(" opacity=\"").Append(F(ink.Opacity)).Append('"');
    }

    /// <summary>The finished drawing on a white background with a bold title at the top left.</summary>
    public Diagram Finish(string title, double width, double height, string description)
    {
        width = Math.Ceiling(width); height = Math.Ceiling(height);
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(F(width)).Append("\" height=\"").Append(F(height))
           .Append("\" viewBox=\"0 0 ").Append(F(width)).Append(' ').Append(F(height))
           .Append("\" style=\"max-width:100%;height:auto\" font-family=\"DejaVu Sans, Verdana, Segoe UI, Arial, sans-serif\" role=\"img\">\n");
        svg.Append("<title>").Append(Esc(title)).Append("</title>\n");
        svg.Append("<desc>").Append(Esc(description)).Append("</desc>\n");
        svg.Append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").Append(F(width)).Append("\" height=\"").Append(F(height)).Append("\" fill=\"#ffffff\"/>\n");
        svg.Append("<text class=\"title\" x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\" fill=\"").Append(Palette.Text).Append("\">").Append(Esc(title)).Append("</text>\n");
        svg.Append(body);
        svg.Append("</svg>");
        return new Diagram(title, width, height, svg.ToString());
    }

    /// <summary>Rounded to 0.01 px, invariant culture, no "-0".</summary>
    internal static string F(double v)
    {
        if (!double.IsFinite(v)) throw new ArgumentException($"Diagram coordinate is not finite: {v}.");
        var r = Math.Round(v, 2);
        return r == 0 ? "0" : r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>XML text: the five markup characters escaped, UTF-8 kept as is (Greek letters stay readable in
    /// the file), control characters that XML 1.0 forbids shown as U+FFFD.</summary>
    internal static string Esc(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            sb.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;",
                '\t' or '\n' or '\r' => " ",
                < ' ' or '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    static string Attr(string s) => Esc(s);
}
