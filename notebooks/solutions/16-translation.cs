// Solutions to the exercises of notebooks/16-translation.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: tr-ex1 ====
// Exercise 1: the BPE pieces of one chunk, given the merges in the order they were learned.
string[] ApplyMerges(string chunk, IReadOnlyList<(string Left, string Right)> merges)
{
    var rank = new Dictionary<(string, string), int>();
    for (int i = 0; i < merges.Count; i++) rank.TryAdd(merges[i], i);
    var pieces = chunk.Select(c => c.ToString()).ToList();
    while (true)
    {
        // The neighbouring pair learned earliest.
        int best = int.MaxValue;
        for (int i = 0; i + 1 < pieces.Count; i++)
            if (rank.TryGetValue((pieces[i], pieces[i + 1]), out int r) && r < best) best = r;
        if (best == int.MaxValue) return pieces.ToArray();
        var (left, right) = merges[best];
        // Merge every occurrence, left to right, without overlaps.
        var merged = new List<string>();
        for (int i = 0; i < pieces.Count; i++)
        {
            if (i + 1 < pieces.Count && pieces[i] == left && pieces[i + 1] == right) { merged.Add(left + right); i++; }
            else merged.Add(pieces[i]);
        }
        pieces = merged;
    }
}

// ==== exercise: tr-ex2 ====
// Exercise 2: clipped matches and total n-grams of order n; the brevity penalty.
(long Matches, long Total) ClippedMatches(string[] hypothesis, string[] reference, int n)
{
    Dictionary<string, int> Counts(string[] tokens)
    {
        var counts = new Dictionary<string, int>();
        for (int i = 0; i + n <= tokens.Length; i++)
        {
            var gram = string.Join("\u0001", tokens, i, n);   // a separator no token contains
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
    var inReference = Counts(reference);
    long matches = 0, total = 0;
    foreach (var (gram, count) in Counts(hypothesis))
    {
        total += count;
        matches += Math.Min(count, inReference.GetValueOrDefault(gram));   // clipped by the reference's count
    }
    return (matches, total);
}

double BrevityPenalty(long c, long r)
{
    if (c > r) return 1;
    if (c == 0) return 0;
    return Math.Exp(1 - (double)r / c);
}

// ==== exercise: tr-ex3 ====
// Exercise 3: corpus BLEU (0..100) of tokenised hypotheses against one tokenised reference each.
double CorpusBleu(IReadOnlyList<string[]> hypotheses, IReadOnlyList<string[]> references)
{
    var matches = new long[4];
    var totals = new long[4];
    long c = 0, r = 0;
    for (int s = 0; s < hypotheses.Count; s++)
    {
        for (int n = 1; n <= 4; n++)
        {
            var (m, t) = ClippedMatches(hypotheses[s], references[s], n);
            matches[n - 1] += m;
            totals[n - 1] += t;
        }
        c += hypotheses[s].Length;
        r += references[s].Length;
    }
    double logPrecision = Enumerable.Range(0, 4).Sum(n => Math.Log((double)matches[n] / totals[n]));
    return 100 * BrevityPenalty(c, r) * Math.Exp(logPrecision / 4);
}
