using System.Text;

namespace Workbench.Tokenization;

/// <summary>
/// Byte-pair encoding over code points (Sennrich et al., 2016), learned from a corpus with <see cref="Train"/>.
/// <para><b>Chunks.</b> Text is first cut into chunks that merges never cross: an optional single leading space
/// followed by a run of letters/digits/marks (" whale"), an optional single space followed by one other
/// character (" ,"), or a lone whitespace character. The space belongs to the word after it, so tokens like
/// " the" carry their own spacing and Detokenize is plain concatenation: Detokenize(Tokenize(s)) == s for
/// every string s.</para>
/// <para><b>Learning.</b> Start from single code points; repeatedly count adjacent symbol pairs over all chunks
/// (weighted by how often each chunk occurs; overlapping pairs such as the two in "aaa" both count), merge the
/// most frequent pair everywhere (left to right, without overlap), and record it. Ties go to the pair whose left
/// symbol, then right symbol, is smallest in ordinal order, so training is deterministic. Stops after the
/// requested number of merges or when no pair occurs at least minPairCount times.</para>
/// <para><b>Encoding.</b> Within a chunk, repeatedly apply the earliest-learned merge that occurs, until none
/// applies. Characters never seen in training stay single code points (the vocabulary maps them to &lt;unk&gt;).</para>
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    readonly List<(string Left, string Right)> merges;
    readonly Dictionary<(string, string), int> rank = new();
    readonly Dictionary<string, string[]> cache = new();

    public BpeTokenizer(IEnumerable<string> alphabet, IEnumerable<(string Left, string Right)> merges)
    {
        Alphabet = alphabet.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        this.merges = merges.ToList();
        for (int i = 0; i < this.merges.Count; i++)
            if (!rank.TryAdd(this.merges[i], i))
                throw new ArgumentException($"BPE merge #{i} ('{this.merges[i].Left}', '{this.merges[i].Right}') is listed twice.");
    }

    public string Type => "bpe";

    /// <summary>The code points seen in training, in ordinal order.</summary>
    public IReadOnlyList<string> Alphabet { get; }

    /// <summary>The learned merges, in the order they were learned (which is their priority when encoding).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => merges;

    /// <summary>Every symbol this tokenizer can produce from seen characters: the alphabet, then each merge's result.</summary>
    public IReadOnlyList<string> Symbols =>
        Alphabet.Concat(merges.Select(m => m.Left + m.Right)).Distinct().ToList();

    /// <summary>Learns merges from a corpus. See the class remarks for the exact rule and tie-break.</summary>
    public static BpeTokenizer Train(IEnumerable<string> corpus, int numMerges, int minPairCount = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (numMerges < 0) throw new ArgumentOutOfRangeException(nameof(numMerges), numMerges, "numMerges must be >= 0.");
        if (minPairCount < 1) throw new ArgumentOutOfRangeException(nameof(minPairCount), minPairCount, "minPairCount must be >= 1.");

        var chunkCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in corpus)
            foreach (var chunk in Chunks(text))
                chunkCounts[chunk] = chunkCounts.GetValueOrDefault(chunk) + 1;

        var symbolIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var symbols = new List<string>();
        int Intern(string s)
        {
            if (!symbolIds.TryGetValue(s, out int id)) { id = symbols.Count; symbolIds[s] = id; symbols.Add(s); }
            return id;
        }

        var words = new List<List<int>>();
        var freq = new List<long>();
        foreach (var (chunk, count) in chunkCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            words.Add(TextUnits.CodePoints(chunk).Select(p => Intern(p.Text)).ToList());
            freq.Add(count);
        }
        var alphabet = symbols.ToList();

        var pairCounts = new Dictionary<(int, int), long>();
        var where = new Dictionary<(int, int), HashSet<int>>();
        void Count(int w, long sign)
        {
            var s = words[w];
            for (int i = 0; i + 1 < s.Count; i++)
            {
                var pair = (s[i], s[i + 1]);
                long c = pairCounts.GetValueOrDefault(pair) + sign * freq[w];
                if (c == 0) pairCounts.Remove(pair); else pairCounts[pair] = c;
                if (sign > 0)
                {
                    if (!where.TryGetValue(pair, out var set)) where[pair] = set = new HashSet<int>();
                    set.Add(w);
                }
            }
        }
        for (int w = 0; w < words.Count; w++) Count(w, +1);

        var learned = new List<(string, string)>();
        while (learned.Count < numMerges)
        {
            (int, int)? best = null;
            long bestCount = 0;
            foreach (var (pair, c) in pairCounts)
            {
                if (c > bestCount || (c == bestCount && best is { } b && ComparePairs(pair, b, symbols) < 0))
                { best = pair; bestCount = c; }
            }
            if (best is not { } merge || bestCount < minPairCount) break;

            int merged = Intern(symbols[merge.Item1] + symbols[merge.Item2]);
            learned.Add((symbols[merge.Item1], symbols[merge.Item2]));
            foreach (int w in where[merge].ToList())
            {
                if (!ContainsPair(words[w], merge)) continue; // stale index entry
                Count(w, -1);
                words[w] = ApplyMerge(words[w], merge, merged);
                Count(w, +1);
            }
            where.Remove(merge);
        }
        return new BpeTokenizer(alphabet, learned);
    }

    static int ComparePairs((int, int) a, (int, int) b, List<string> symbols)
    {
        int c = string.CompareOrdinal(symbols[a.Item1], symbols[b.Item1]);
        return c != 0 ? c : string.CompareOrdinal(symbols[a.Item2], symbols[b.Item2]);
    }

    static bool ContainsPair(List<int> s, (int, int) pair)
    {
        for (int i = 0; i + 1 < s.Count; i++) if (s[i] == pair.Item1 && s[i + 1] == pair.Item2) return true;
        return false;
    }

    static List<T> ApplyMerge<T>(List<T> s, (T, T) pair, T merged)
    {
        var result = new List<T>(s.Count);
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < s.Count; i++)
        {
            if (i + 1 < s.Count && cmp.Equals(s[i], pair.Item1) && cmp.Equals(s[i + 1], pair.Item2)) { result.Add(merged); i++; }
            else result.Add(s[i]);
        }
        return result;
    }

    /// <summary>Cuts text into merge-free chunks (see class remarks); their concatenation is the text.</summary>
    public static IEnumerable<string> Chunks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = TextUnits.CodePoints(text).ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < pieces.Count;)
        {
            sb.Clear();
            if (pieces[i].Text == " " && i + 1 < pieces.Count && !IsSpace(pieces[i + 1].Rune)) { sb.Append(' '); i++; }
            var (piece, rune) = pieces[i];
            sb.Append(piece);
            i++;
            if (rune is Rune r && TextUnits.IsWordRune(r))
                while (i < pieces.Count && pieces[i].Rune is Rune q && TextUnits.IsWordRune(q)) sb.Append(pieces[i++].Text);
            yield return sb.ToString();
        }
    }

    static bool IsSpace(Rune? r) => r is Rune x && Rune.IsWhiteSpace(x);

    public IReadOnlyList<string> Tokenize(string text)
    {
        var output = new List<string>();
        foreach (var chunk in Chunks(text)) output.AddRange(EncodeChunk(chunk));
        return output;
    }

    string[] EncodeChunk(string chunk)
    {
        if (cache.TryGetValue(chunk, out var hit)) return hit;
        var s = TextUnits.CodePoints(chunk).Select(p => p.Text).ToList();
        while (s.Count > 1)
        {
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < s.Count; i++)
                if (rank.TryGetValue((s[i], s[i + 1]), out int r) && r < bestRank) bestRank = r;
            if (bestRank == int.MaxValue) break;
            var m = merges[bestRank];
            s = ApplyMerge(s, (m.Left, m.Right), m.Left + m.Right);
        }
        var result = s.ToArray();
        if (cache.Count < 200_000) cache[chunk] = result;
        return result;
    }

    public string Detokenize(IEnumerable<string> tokens) => string.Concat(tokens);
}
