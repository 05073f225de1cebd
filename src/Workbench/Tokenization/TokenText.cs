namespace Workbench.Tokenization;

/// <summary>How a vocabulary token is shown on a chart axis or in a diagram: whitespace made visible, so the
/// subwords " the" (a word start) and "the" (inside a word) stay apart.</summary>
public static class TokenText
{
    /// <summary>The token with spaces as ␣, line breaks as ↵ and tabs as →; the empty token as ∅.</summary>
    public static string Visible(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var shown = token.Replace(" ", "␣").Replace("\r\n", "↵").Replace("\n", "↵").Replace("\r", "↵").Replace("\t", "→");
        return shown.Length == 0 ? "∅" : shown;
    }
}
