using System.Globalization;
using System.Net;
using System.Text;
using Workbench.IO;
using Workbench.Notebook;
using Workbench.Tensors;

namespace Workbench.Inspection;

/// <summary>
/// Real text with each character coloured by one hidden unit's activation after reading it (blue negative, white
/// zero, orange positive, as in Karpathy's char-rnn visualisations), several units stacked, with a colour legend.
/// Displays as HTML in a notebook; <see cref="Save"/> writes a standalone page. Deterministic: the same input gives
/// the same bytes.
/// </summary>
[TypeFormatterSource(typeof(ActivationTextFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class ActivationText
{
    /// <summary>Most characters shown (each becomes a coloured span per unit); pass a slice of a longer text.</summary>
    public const int MaxCharacters = 3000;

    /// <summary>Colour steps per sign: activations are shown to within 1/12 of the range.</summary>
    public const int Levels = 12;

    static readonly (int R, int G, int B) Negative = (103, 169, 207), Positive = (239, 138, 98), Zero = (255, 255, 255);

    readonly float[,] values;   // [T, units shown]

    ActivationText(string text, float[,] values, IReadOnlyList<int> units, IReadOnlyList<string> labels, double range, string title)
    {
        Text = text;
        this.values = values;
        Units = units;
        Labels = labels;
        Range = range;
        Title = title;
    }

    public string Text { get; }

    /// <summary>The units shown, top to bottom.</summary>
    public IReadOnlyList<int> Units { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Activations of ±Range get the full colours; larger ones are clipped.</summary>
    public double Range { get; }

    public string Title { get; }

    /// <summary>
    /// The given <paramref name="units"/> of <paramref name="activations"/> [T, H] (row t: after reading
    /// <paramref name="text"/>[t]) over the text. <paramref name="range"/> defaults to 1 (tanh units); pass a
    /// larger one for unbounded values such as LSTM memory cells, or null to use the largest |activation| shown.
    /// </summary>
    public static ActivationText Create(string text, float[,] activations, IEnumerable<int> units, IEnumerable<string>? labels = null,
                                        double? range = 1.0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(units);
        var shown = units.ToArray();
        int steps = activations.GetLength(0), hidden = activations.GetLength(1);
        if (steps != text.Length)
            throw new ArgumentException($"ActivationText: the text has {text.Length} characters but the activations have {steps} rows; give one row per character.", nameof(activations));
        if (text.Length == 0) throw new ArgumentException("ActivationText: the text is empty.", nameof(text));
        if (text.Length > MaxCharacters)
            throw new ArgumentException($"ActivationText: {text.Length} characters; at most {MaxCharacters} are shown (pass a slice of the text and the same rows of the activations).", nameof(text));
        if (shown.Length == 0) throw new ArgumentException("ActivationText: no units to show.", nameof(units));
        foreach (var u in shown)
            if (u < 0 || u >= hidden) throw new ArgumentOutOfRangeException(nameof(units), u, $"ActivationText: unit {u} does not exist; the activations have units 0..{hidden - 1}.");
        var names = labels?.ToArray() ?? shown.Select(u => $"unit {u}").ToArray();
        if (names.Length != shown.Length) throw new ArgumentException($"ActivationText: {names.Length} labels for {shown.Length} units.", nameof(labels));

        var picked = new float[steps, shown.Length];
        double largest = 0;
        for (int t = 0; t < steps; t++)
            for (int k = 0; k < shown.Length; k++)
            {
                float a = activations[t, shown[k]];
                if (!float.IsFinite(a)) throw new ArgumentException($"ActivationText: unit {shown[k]} is {a} at character {t}.", nameof(activations));
                picked[t, k] = a;
                largest = Math.Max(largest, Math.Abs(a));
            }
        double r = range ?? (largest > 0 ? largest : 1);
        if (!(r > 0) || !double.IsFinite(r)) throw new ArgumentOutOfRangeException(nameof(range), range, "ActivationText: the colour range must be a positive number.");
        return new ActivationText(text, picked, shown, names, r, title ?? $"Hidden units over {text.Length:N0} characters");
    }

    /// <summary>The same from a [T, H] or [1, T, H] tensor (a recurrent layer's output for one sequence).</summary>
    public static ActivationText Create(string text, Tensor activations, IEnumerable<int> units, IEnumerable<string>? labels = null,
                                        double? range = 1.0, string? title = null) =>
        Create(text, UnitSearch.ToMatrix(activations), units, labels, range, title);

    /// <summary>The <paramref name="top"/> units of a <see cref="UnitRanking"/>, labelled with their correlations.</summary>
    public static ActivationText ForRanking(string text, float[,] activations, UnitRanking ranking, int top = 3, double? range = 1.0)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var best = ranking.Top(top);
        var labels = best.Select(s => FormattableString.Invariant($"unit {s.Unit} · r = {s.Correlation:+0.00;-0.00} with “{ranking.Feature}”") +
            (double.IsNaN(s.HeldOutCorrelation) ? "" : FormattableString.Invariant($" (held-out {s.HeldOutCorrelation:+0.00;-0.00})")));
        return Create(text, activations, best.Select(s => s.Unit), labels, range, $"The {best.Count} units that track “{ranking.Feature}” best, found by search");
    }

    /// <summary>The background colour of activation <paramref name="value"/>: white at 0, blue toward −range,
    /// orange toward +range, in <see cref="Levels"/> steps per sign.</summary>
    public static string Colour(double value, double range)
    {
        double s = Math.Clamp(value / range, -1, 1);
        int level = (int)Math.Round(Math.Abs(s) * Levels);
        var end = s < 0 ? Negative : Positive;
        double w = (double)level / Levels;
        int Mix(int zero, int full) => (int)Math.Round(zero + (full - zero) * w);
        return $"#{Mix(Zero.R, end.R):x2}{Mix(Zero.G, end.G):x2}{Mix(Zero.B, end.B):x2}";
    }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"wb-activation-text\" style=\"font-family:sans-serif;color:#1f2328;max-width:100%\">\n");
        sb.Append("<div style=\"font-weight:bold;margin-bottom:4px\">").Append(Esc(Title)).Append("</div>\n");
        Legend(sb);
        for (int k = 0; k < Units.Count; k++)
        {
            sb.Append("<div class=\"wb-unit\" data-unit=\"").Append(Units[k].ToString(CultureInfo.InvariantCulture)).Append("\" style=\"margin-top:8px\">\n");
            sb.Append("<div style=\"font-size:13px;margin-bottom:2px\">").Append(Esc(Labels[k])).Append("</div>\n");
            sb.Append("<div style=\"font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px;line-height:1.55;white-space:pre-wrap;")
              .Append("word-break:break-all;border:1px solid #d0d7de;border-radius:4px;padding:6px 8px;background:#ffffff\">");
            string? open = null;
            for (int t = 0; t < Text.Length; t++)
            {
                var colour = Colour(values[t, k], Range);
                if (colour != open)
                {   // one span per run of equal colour keeps long texts light
                    if (open is not null) sb.Append("</span>");
                    sb.Append("<span style=\"background:").Append(colour).Append("\">");
                    open = colour;
                }
                sb.Append(Shown(Text[t]));
            }
            if (open is not null) sb.Append("</span>");
            sb.Append("</div>\n</div>\n");
        }
        sb.Append("</div>");
        return sb.ToString();
    }

    void Legend(StringBuilder sb)
    {
        string r = Range.ToString("0.##", CultureInfo.InvariantCulture);
        sb.Append("<div class=\"wb-legend\" style=\"display:flex;align-items:center;gap:6px;font-size:12px\">")
          .Append("<span>−").Append(r).Append("</span>")
          .Append("<span style=\"display:inline-block;width:220px;height:12px;border:1px solid #d0d7de;background:linear-gradient(to right, ")
          .Append(Colour(-Range, Range)).Append(", #ffffff, ").Append(Colour(Range, Range)).Append(")\"></span>")
          .Append("<span>+").Append(r).Append("</span>")
          .Append("<span style=\"color:#57606a\">activation after reading each character (white: 0; ↵ marks a line break)</span></div>\n");
    }

    /// <summary>A character as shown: HTML-escaped, a line break as ↵ followed by the break, a tab as →.</summary>
    static string Shown(char c) => c switch
    {
        '\n' => "↵\n",
        '\r' => "",
        '\t' => "→",
        _ => Esc(c.ToString()),
    };

    static string Esc(string s) => WebUtility.HtmlEncode(s);

    /// <summary>A standalone HTML page with the view (UTF-8), written atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + Esc(Title) + "</title>\n</head>\n<body>\n" + ToHtml() + "\n</body>\n</html>\n");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ActivationText: {Units.Count} unit(s) ({string.Join(", ", Units)}) over {Text.Length:N0} characters, colour range ±{Range:0.##}");
}

/// <summary>Formatter source named by <see cref="ActivationText"/>'s TypeFormatterSource attribute.</summary>
public sealed class ActivationTextFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<ActivationText>(a => a.ToHtml()),
        MimeFormatter.PlainText<ActivationText>(a => a.ToString()),
    ];
}
