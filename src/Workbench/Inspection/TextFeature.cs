namespace Workbench.Inspection;

/// <summary>
/// A number for every character of a text, aligned with a character model's hidden states: Values[t] describes the
/// text as it stands after the model has read character t, which is what the state a&lt;t&gt; can know (no lookahead).
/// </summary>
public sealed record TextFeature(string Name, double[] Values)
{
    public int Length => Values.Length;
}

/// <summary>Features of text that char-rnn style units are known to track (Karpathy, Johnson and Fei-Fei 2015).</summary>
public static class TextFeatures
{
    const string Opening = "\"“«", Closing = "\"”»";

    /// <summary>1 from an opening quotation mark up to (not including) its closing mark, else 0. Straight quotes
    /// toggle; curly “ ” and « » open and close. The opening mark itself counts as inside, the closing one as outside.</summary>
    public static TextFeature InsideQuotes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var v = new double[text.Length];
        bool inside = false;
        for (int t = 0; t < text.Length; t++)
        {
            char c = text[t];
            if (c == '"') inside = !inside;
            else if (Opening.Contains(c)) inside = true;
            else if (Closing.Contains(c)) inside = false;
            v[t] = inside ? 1 : 0;
        }
        return new TextFeature("inside quotes", v);
    }

    /// <summary>How many characters have been read on the current line: 0 at a line break, 1 at the first
    /// character of a line, and so on.</summary>
    public static TextFeature PositionInLine(string text) =>
        new("position in line", RunLength(text, t => text[t] != '\n'));

    /// <summary>1 on a character that is not part of a word (space, line break, punctuation), else 0: the model
    /// has just finished a word or is between words. Letters, digits, and apostrophes or hyphens right after a letter, are word characters.</summary>
    public static TextFeature WordBoundary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var v = new double[text.Length];
        for (int t = 0; t < text.Length; t++) v[t] = IsWordChar(text, t) ? 0 : 1;
        return new TextFeature("word boundary", v);
    }

    /// <summary>How many characters of the current word have been read (0 between words).</summary>
    public static TextFeature PositionInWord(string text) =>
        new("position in word", RunLength(text, t => IsWordChar(text, t)));

    /// <summary>Any per-character feature: <paramref name="value"/>(text, t) may look back but should not look ahead.</summary>
    public static TextFeature Custom(string name, string text, Func<string, int, double> value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(value);
        return new TextFeature(name, Enumerable.Range(0, text.Length).Select(t => value(text, t)).ToArray());
    }

    /// <summary>The features above, for a search over all of them.</summary>
    public static IReadOnlyList<TextFeature> Standard(string text) =>
        [InsideQuotes(text), PositionInLine(text), WordBoundary(text), PositionInWord(text)];

    /// <summary>How long the current run of characters with <paramref name="counts"/> is: +1 on each, back to 0 on any other.</summary>
    static double[] RunLength(string text, Func<int, bool> counts)
    {
        ArgumentNullException.ThrowIfNull(text);
        var v = new double[text.Length];
        int run = 0;
        for (int t = 0; t < text.Length; t++) v[t] = run = counts(t) ? run + 1 : 0;
        return v;
    }

    static bool IsWordChar(string text, int t)
    {
        char c = text[t];
        if (char.IsLetterOrDigit(c)) return true;
        // "whale's", "sea-going": an apostrophe or hyphen right after a letter belongs to the word (no lookahead)
        return (c is '\'' or '’' or '-') && t > 0 && char.IsLetter(text[t - 1]);
    }
}
