// Solutions to the exercises of notebooks/08-char-vs-word.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: cw-ex1 ====
// Exercise 1: bits per character from a mean loss in nats per token.
double NatsPerTokenToBpc(double natsPerToken, long tokens, long characters)
{
    double totalNats = natsPerToken * tokens;          // the whole text's negative log-likelihood
    return totalNats / (characters * Math.Log(2));     // per character, in bits
}

// ==== exercise: cw-ex2 ====
// Exercise 2: the most frequent pair of neighbouring symbols (the first merge BPE learns).
(string Left, string Right) MostFrequentPair(IReadOnlyList<string> texts)
{
    var counts = new Dictionary<(string, string), int>();
    foreach (var text in texts)
        foreach (var chunk in BpeTokenizer.Chunks(text))
        {
            var symbols = chunk.Select(c => c.ToString()).ToArray();
            for (int i = 0; i + 1 < symbols.Length; i++)
                counts[(symbols[i], symbols[i + 1])] = counts.GetValueOrDefault((symbols[i], symbols[i + 1])) + 1;
        }
    return counts.OrderByDescending(kv => kv.Value)
                 .ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
                 .ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
                 .First().Key;
}

// ==== exercise: cw-ex3 ====
// Exercise 3: the BPE pieces of one chunk (e.g. " harpooneer"), given the merges in the order they were learned.
List<string> EncodeChunk(string chunk, IReadOnlyList<(string Left, string Right)> merges)
{
    var rank = new Dictionary<(string, string), int>();
    for (int i = 0; i < merges.Count; i++) rank.TryAdd((merges[i].Left, merges[i].Right), i);
    var symbols = chunk.Select(c => c.ToString()).ToList();
    while (symbols.Count > 1)
    {
        int best = int.MaxValue;
        for (int i = 0; i + 1 < symbols.Count; i++)
            if (rank.TryGetValue((symbols[i], symbols[i + 1]), out int r) && r < best) best = r;
        if (best == int.MaxValue) break;                // no pair was ever merged
        var (left, right) = merges[best];
        var merged = new List<string>(symbols.Count);
        for (int i = 0; i < symbols.Count; i++)
        {
            if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right) { merged.Add(left + right); i++; }
            else merged.Add(symbols[i]);
        }
        symbols = merged;
    }
    return symbols;
}
