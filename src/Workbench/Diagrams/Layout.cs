namespace Workbench.Diagrams;

/// <summary>Layout helpers shared by the diagrams: which time steps get a column, and legend lines.</summary>
internal static class Layout
{
    /// <summary>Time steps 1..<paramref name="count"/> to draw, with null where a "⋯" column stands for the steps left
    /// out: all of them up to <paramref name="max"/>, else the first <c>max - 3</c>, ⋯, and the last two.</summary>
    public static IReadOnlyList<int?> Shown(int count, int max)
    {
        if (count <= max) return Enumerable.Range(1, count).Select(t => (int?)t).ToArray();
        int head = max - 3;
        return Enumerable.Range(1, head).Select(t => (int?)t).Append(null).Append(count - 1).Append(count).ToArray();
    }

    /// <summary>A vocabulary token as markup that shows it: spaces as ␣, line breaks as ↵, tabs as →, cut to
    /// <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Token(string token, int max = 12)
    {
        ArgumentNullException.ThrowIfNull(token);
        var shown = Tokenization.TokenText.Visible(token);
        if (new System.Globalization.StringInfo(shown).LengthInTextElements > max)
            shown = new System.Globalization.StringInfo(shown).SubstringByTextElements(0, max - 1) + "…";
        return Label.Escape(shown);
    }

    /// <summary>A legend line: a short sample stroke and a markup text; returns the line's right end.</summary>
    public static double LegendLine(SvgCanvas c, double x, double y, Ink ink, string text)
    {
        c.Line(x, y, x + 34, y, ink);
        c.Text(x + 44, y, text, SvgCanvas.SmallFont, color: Palette.Text, kind: "legend");
        return x + 44 + Label.Width(text, SvgCanvas.SmallFont);
    }

    /// <summary>Width the legend lines need, starting at <paramref name="x"/>.</summary>
    public static double LegendWidth(double x, IEnumerable<string> texts) =>
        x + 44 + texts.Max(t => Label.Width(t, SvgCanvas.SmallFont));
}
