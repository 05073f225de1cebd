using System.Globalization;
using System.Text;

namespace Workbench.Diagrams;

/// <summary>Where a run of label text sits: on the baseline, lowered (subscript) or raised (superscript).</summary>
internal enum Shift { None, Sub, Sup }

internal readonly record struct LabelRun(string Text, Shift Shift);

/// <summary>
/// Label markup in the notes' notation, LaTeX-like and small: <c>_</c> lowers and <c>^</c> raises the next
/// character or <c>{group}</c>; everything else is literal UTF-8 (Greek letters, combining tildes, ⊙).
/// "a^{&lt;t-1&gt;}" is a with a raised &lt;t-1&gt;, "W_{aa}" is W with a lowered aa, "Γ_u" is Γ with a lowered u.
/// Plain text (tokens from a vocabulary) never goes through this parser.
/// </summary>
internal static class Label
{
    public static IReadOnlyList<LabelRun> Parse(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var runs = new List<LabelRun>();
        var plain = new StringBuilder();
        int i = 0;
        while (i < markup.Length)
        {
            char ch = markup[i];
            if (ch == '\\' && i + 1 < markup.Length) { plain.Append(markup[i + 1]); i += 2; continue; }   // \_ is a literal _
            if ((ch == '_' || ch == '^') && i + 1 < markup.Length)
            {
                if (plain.Length > 0) { runs.Add(new(plain.ToString(), Shift.None)); plain.Clear(); }
                var shift = ch == '_' ? Shift.Sub : Shift.Sup;
                string group;
                if (markup[i + 1] == '{')
                {
                    int close = markup.IndexOf('}', i + 2);
                    if (close < 0) throw new FormatException($"Label \"{markup}\": '{{' at {i + 1} is never closed.");
                    group = markup[(i + 2)..close];
                    i = close + 1;
                }
                else
                {   // one text element, so a combining mark stays with its letter
                    group = StringInfo.GetNextTextElement(markup, i + 1);
                    i += 1 + group.Length;
                }
                runs.Add(new(group, shift));
            }
            else { plain.Append(ch); i++; }
        }
        if (plain.Length > 0) runs.Add(new(plain.ToString(), Shift.None));
        return runs;
    }

    /// <summary>Literal text (a vocabulary token, a user string) as markup that shows it unchanged.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (char ch in text)
        {
            if (ch is '_' or '^' or '\\' or '{' or '}') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>The label's characters without markup, as a reader (or a test) sees them: "a&lt;t-1&gt;".</summary>
    public static string Plain(string markup) => string.Concat(Parse(markup).Select(r => r.Text));

    /// <summary>Shifted runs are drawn at this share of the font size.</summary>
    public const double ShiftScale = 0.72;

    /// <summary>Estimated width in pixels at <paramref name="fontSize"/> (DejaVu Sans-like proportions); used only
    /// to size boxes, so it errs on the wide side.</summary>
    public static double Width(string markup, double fontSize) =>
        Parse(markup).Sum(r => TextWidth(r.Text, r.Shift == Shift.None ? fontSize : fontSize * ShiftScale));

    public static double TextWidth(string text, double fontSize)
    {
        double em = 0;
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            char c = ((string)e.Current)[0];
            em += c switch
            {
                ' ' or 'i' or 'l' or 'j' or '.' or ',' or '\'' or '|' or ':' or ';' or '!' => 0.32,
                't' or 'f' or 'r' or 'I' or '(' or ')' or '[' or ']' or '-' or '1' => 0.42,
                'm' or 'w' or 'M' or 'W' or '⊙' or '⊕' or 'Σ' or '∂' or '—' or '…' or '⋯' => 0.9,
                _ when char.IsUpper(c) => 0.72,
                '<' or '>' or '=' or '+' or '−' or '×' => 0.84,
                _ => 0.62,
            };
        }
        return em * fontSize;
    }
}
