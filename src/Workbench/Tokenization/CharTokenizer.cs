namespace Workbench.Tokenization;

/// <summary>
/// Character-level tokenizer. A "character" is a Unicode code point (System.Text.Rune), not a UTF-16 unit
/// (which would cut emoji and other astral characters in half) and not a grapheme cluster (which would
/// make "e" + combining accent one token, so the alphabet would grow without bound). An unpaired surrogate,
/// which is ill-formed UTF-16, becomes a token of its own. Round trip: Detokenize(Tokenize(s)) == s for
/// every string s, whitespace and all.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    public string Type => "char";

    public IReadOnlyList<string> Tokenize(string text) => TextUnits.CodePoints(text).Select(p => p.Text).ToList();

    public string Detokenize(IEnumerable<string> tokens) => string.Concat(tokens);
}
