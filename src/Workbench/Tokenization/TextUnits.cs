using System.Text;

namespace Workbench.Tokenization;

/// <summary>
/// Walks a string one Unicode scalar value (System.Text.Rune) at a time. An unpaired surrogate is not a
/// scalar value; it is returned as its own one-unit piece instead of being replaced by U+FFFD, so that
/// cutting a string into pieces and concatenating them always gives back the exact same UTF-16 string.
/// </summary>
internal static class TextUnits
{
    /// <summary>Pieces of text: each a whole code point (one or two UTF-16 units) or a lone surrogate.</summary>
    public static IEnumerable<(string Text, Rune? Rune)> CodePoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length;)
        {
            if (Rune.TryGetRuneAt(text, i, out var r))
            {
                yield return (text.Substring(i, r.Utf16SequenceLength), r);
                i += r.Utf16SequenceLength;
            }
            else
            {
                yield return (text[i].ToString(), null);
                i++;
            }
        }
    }

    public static bool IsWordRune(Rune r)
    {
        if (Rune.IsLetterOrDigit(r)) return true;
        var c = Rune.GetUnicodeCategory(r);
        return c is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.EnclosingMark;
    }

    public static bool IsApostrophe(Rune r) => r.Value is '\'' or '\u2019';

    public static bool IsWhiteSpace(string piece) => piece.Length > 0 && Rune.TryGetRuneAt(piece, 0, out var r) && Rune.IsWhiteSpace(r);
}
