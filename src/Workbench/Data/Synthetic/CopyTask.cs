using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>
/// Copy and reverse tasks over strings of the first <c>alphabetSize</c> lowercase letters: the target is the
/// source ("cabd" → "cabd") or the source reversed ("cabd" → "dbca"). Lengths are uniform in
/// [minLength, maxLength]; the reverse task is the classic case where reversing the input (Sutskever et al.) or
/// attention makes a seq2seq model's job easy.
/// </summary>
public static class CopyTask
{
    public static List<(string Source, string Target)> Copy(int count, Generator generator, int minLength = 3, int maxLength = 10, int alphabetSize = 8) =>
        Generate(count, generator, minLength, maxLength, alphabetSize, s => s);

    public static List<(string Source, string Target)> Reverse(int count, Generator generator, int minLength = 3, int maxLength = 10, int alphabetSize = 8) =>
        Generate(count, generator, minLength, maxLength, alphabetSize, s => new string(s.Reverse().ToArray()));

    static List<(string, string)> Generate(int count, Generator g, int minLength, int maxLength, int alphabetSize, Func<string, string> target)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        if (minLength < 1 || maxLength < minLength)
            throw new ArgumentOutOfRangeException(nameof(minLength), $"Need 1 <= minLength <= maxLength; got {minLength} and {maxLength}.");
        if (alphabetSize is < 1 or > 26) throw new ArgumentOutOfRangeException(nameof(alphabetSize), alphabetSize, "alphabetSize must be in [1, 26].");
        var pairs = new List<(string, string)>(count);
        for (int i = 0; i < count; i++)
        {
            var chars = new char[minLength + g.NextInt(maxLength - minLength + 1)];
            for (int j = 0; j < chars.Length; j++) chars[j] = (char)('a' + g.NextInt(alphabetSize));
            var s = new string(chars);
            pairs.Add((s, target(s)));
        }
        return pairs;
    }
}
