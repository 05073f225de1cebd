namespace Workbench.Charts;

/// <summary>
/// One colour per condition (cell kind, attention, decoder, ...), fixed for a whole figure: build one and pass it to
/// every panel, so "Gru" is the same colour everywhere. Colours are the Okabe–Ito palette (safe for colour-blind
/// readers) in the order conditions are first named; more than <see cref="Palette"/>.Length conditions is an error,
/// because a legend that long cannot be read (group them instead).
/// </summary>
public sealed class ConditionColors
{
    /// <summary>Okabe & Ito (2008), without black: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, grey.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"];

    readonly List<string> names = [];

    /// <summary>Conditions in legend order; others get the next free colour when first asked for.</summary>
    public ConditionColors(params IEnumerable<string> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        foreach (var c in conditions) _ = this[c];
    }

    /// <summary>The conditions named so far, in colour order.</summary>
    public IReadOnlyList<string> Conditions => names;

    /// <summary>The colour of <paramref name="condition"/> as "#RRGGBB".</summary>
    public string this[string condition]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(condition);
            int i = names.IndexOf(condition);
            if (i >= 0) return Palette[i];
            if (names.Count == Palette.Count)
                throw new ArgumentException($"More than {Palette.Count} conditions ({string.Join(", ", names)}, {condition}): a legend that long cannot be read; group them.", nameof(condition));
            names.Add(condition);
            return Palette[names.Count - 1];
        }
    }

    /// <summary>The colour with opacity <paramref name="alpha"/>, as "rgba(r, g, b, a)" (for bands).</summary>
    public string Translucent(string condition, double alpha)
    {
        var hex = this[condition];
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return FormattableString.Invariant($"rgba({r}, {g}, {b}, {alpha})");
    }
}
