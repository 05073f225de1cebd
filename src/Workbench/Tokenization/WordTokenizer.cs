using System.Text;

namespace Workbench.Tokenization;

/// <summary>
/// Word-level tokenizer with a documented, reversible normalisation.
/// <para><b>Cuts.</b> A word is a maximal run of letters, digits and combining marks; an apostrophe (' or ’)
/// between two such characters stays inside the word ("don't", "whale’s"). Every other non-space code point
/// (punctuation, symbols, emoji, an unpaired surrogate) is a token of its own.</para>
/// <para><b>Case</b> (when <see cref="Lowercase"/>): a word is stored lowercased, preceded by
/// <see cref="Cap"/> if it was Capitalised ("Ishmael" → &lt;cap&gt; ishmael) or by <see cref="Upper"/> if it was
/// all capitals ("CHAPTER" → &lt;upper&gt; chapter). A word of any other mixed case ("McDonald") is kept
/// exactly as written. So case is always restored, while the vocabulary shares one entry per lowercase word.</para>
/// <para><b>Spacing.</b> Between two tokens Detokenize puts a default gap: nothing before closing punctuation
/// (. , ; : ! ? ) ] } % ” » …) and after opening punctuation (( [ { ¿ ¡ “ ‘ «), nothing on either side of
/// a joiner (- – — /), one space otherwise. Where the text had no gap but the default is a space,
/// Tokenize emits <see cref="Join"/>. Any other difference in whitespace (two spaces, a newline, a space before a
/// comma, leading or trailing whitespace) is either dropped (the default, so the token stream is clean) or,
/// with <see cref="KeepWhitespace"/>, emitted as a whitespace token.</para>
/// <para><b>Round trip.</b> With KeepWhitespace, Detokenize(Tokenize(s)) == s for every string. Without it,
/// the text comes back with case and punctuation intact and whitespace normalised to the default gaps, and
/// Tokenize(Detokenize(Tokenize(s))) == Tokenize(s).</para>
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    public const string Cap = "<cap>", Upper = "<upper>", Join = "<join>";

    const string Closing = ".,;:!?)]}%”»…", Opening = "([{¿¡“‘«", Joiners = "-–—/";

    public WordTokenizer(bool lowercase = true, bool keepWhitespace = false)
    {
        Lowercase = lowercase;
        KeepWhitespace = keepWhitespace;
    }

    public bool Lowercase { get; }
    public bool KeepWhitespace { get; }
    public string Type => "word";

    /// <summary>The markers this tokenizer can emit; add them to a vocabulary as specials so that
    /// they never become &lt;unk&gt;.</summary>
    public IReadOnlyList<string> Markers => Lowercase ? [Cap, Upper, Join] : [Join];

    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<string>();
        var gap = new StringBuilder();
        string? previous = null;
        var pieces = TextUnits.CodePoints(text).ToList();
        for (int i = 0; i < pieces.Count;)
        {
            var (piece, rune) = pieces[i];
            if (rune is Rune ws && Rune.IsWhiteSpace(ws)) { gap.Append(piece); i++; continue; }

            string token;
            if (rune is Rune r && TextUnits.IsWordRune(r))
            {
                var word = new StringBuilder();
                while (i < pieces.Count)
                {
                    var (p, pr) = pieces[i];
                    bool inWord = pr is Rune q && (TextUnits.IsWordRune(q) || (TextUnits.IsApostrophe(q)
                        && i + 1 < pieces.Count && pieces[i + 1].Rune is Rune next && TextUnits.IsWordRune(next)));
                    if (!inWord) break;
                    word.Append(p);
                    i++;
                }
                token = word.ToString();
            }
            else { token = piece; i++; }

            EmitGap(output, gap.ToString(), DefaultGap(previous, token));
            gap.Clear();
            EmitCased(output, token);
            previous = token;
        }
        if (KeepWhitespace && gap.Length > 0) output.Add(gap.ToString());
        return output;
    }

    void EmitGap(List<string> output, string actual, string expected)
    {
        if (actual == expected) return;
        if (actual.Length == 0) output.Add(Join);
        else if (KeepWhitespace) output.Add(actual);
    }

    void EmitCased(List<string> output, string word)
    {
        if (!Lowercase) { output.Add(word); return; }
        string lower = word.ToLowerInvariant();
        if (lower == word) output.Add(word);
        else if (Capitalise(lower) == word) { output.Add(Cap); output.Add(lower); }
        else if (lower.ToUpperInvariant() == word) { output.Add(Upper); output.Add(lower); }
        else output.Add(word); // mixed case: kept verbatim, so decode is still exact
    }

    public string Detokenize(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sb = new StringBuilder();
        string? previous = null, pendingGap = null, pendingCase = null;
        foreach (var token in tokens)
        {
            if (token == Join) { pendingGap ??= ""; continue; }
            if (TextUnits.IsWhiteSpace(token)) { pendingGap = (pendingGap ?? "") + token; continue; }
            if (Lowercase && token is Cap or Upper) { pendingCase = token; continue; }
            string surface = pendingCase switch
            {
                Cap => Capitalise(token),
                Upper => token.ToUpperInvariant(),
                _ => token,
            };
            pendingCase = null;
            sb.Append(pendingGap ?? DefaultGap(previous, surface)).Append(surface);
            pendingGap = null;
            previous = surface;
        }
        if (pendingGap is not null) sb.Append(pendingGap);
        return sb.ToString();
    }

    static string DefaultGap(string? previous, string next)
    {
        if (previous is null) return "";
        if (IsIn(next, Closing) || IsIn(previous, Opening) || IsIn(next, Joiners) || IsIn(previous, Joiners)) return "";
        return " ";
    }

    static bool IsIn(string token, string set) => token.Length == 1 && set.Contains(token[0]);

    static string Capitalise(string lower)
    {
        if (lower.Length == 0 || !Rune.TryGetRuneAt(lower, 0, out var first)) return lower;
        return Rune.ToUpperInvariant(first).ToString() + lower[first.Utf16SequenceLength..];
    }
}
