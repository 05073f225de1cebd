namespace Workbench.Tokenization;

/// <summary>
/// Splits pre-tokenized text on spaces (ARPAbet phonemes "K AE1 T", BIO tags "B-PER O", generated word lists).
/// Runs of spaces count as one; Detokenize joins with single spaces, so Detokenize(Tokenize(s)) == s whenever s
/// has no leading, trailing or doubled spaces.
/// </summary>
public sealed class WhitespaceTokenizer : ITokenizer
{
    public string Type => "space";

    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public string Detokenize(IEnumerable<string> tokens) => string.Join(" ", tokens);
}
