namespace Workbench.Metrics;

/// <summary>
/// Whitespace as Python's str.isspace() defines it, with str.split() and str.rstrip() on top: sacreBLEU trims and
/// splits segments this way, so BLEU must too. Python's set is wider than char.IsWhiteSpace (it adds the
/// information separators U+001C..U+001F). Every such character is in the BMP, so checking UTF-16 units is exact.
/// </summary>
internal static class PythonWhitespace
{
    public static bool IsSpace(char c) => c switch
    {
        >= '\u0009' and <= '\u000D' => true,   // \t \n \v \f \r
        >= '\u001C' and <= '\u001F' => true,   // file, group, record, unit separators (bidi class B/S)
        ' ' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' => true,   // en quad .. hair space (not U+200B zero width space)
        '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    /// <summary>str.rstrip(): the string without its trailing whitespace.</summary>
    public static string TrimEnd(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return s[..end];
    }

    /// <summary>str.split() with no separator: the maximal runs of non-whitespace, never an empty piece.</summary>
    public static string[] Split(string s)
    {
        var pieces = new List<string>();
        for (int i = 0; i < s.Length;)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            int start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            if (i > start) pieces.Add(s[start..i]);
        }
        return [.. pieces];
    }
}
