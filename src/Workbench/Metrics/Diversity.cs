namespace Workbench.Metrics;

/// <summary>How varied a set of generated sequences is (Li et al., 2016's distinct-n).</summary>
public static class Diversity
{
    /// <summary>Distinct n-grams divided by all n-grams over the sequences (0 when there is no n-gram):
    /// 1 when no n-gram repeats, near 0 when the same few recur.</summary>
    public static double DistinctN<T>(IEnumerable<IReadOnlyList<T>> sequences, int n)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "distinct-n: n must be >= 1.");
        var seen = new HashSet<T[]>(ElementwiseComparer<T>.Instance);
        long total = 0;
        foreach (var s in sequences)
            for (int i = 0; i + n <= s.Count; i++)
            {
                total++;
                seen.Add(Enumerable.Range(i, n).Select(j => s[j]).ToArray());
            }
        return total == 0 ? 0 : seen.Count / (double)total;
    }

    /// <summary>Number of different sequences.</summary>
    public static int DistinctSequences<T>(IEnumerable<IReadOnlyList<T>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return sequences.Select(s => s.ToArray()).Distinct(ElementwiseComparer<T>.Instance).Count();
    }

    /// <summary>Sequences equal element by element (T's own equality): no joined text whose separator a token could hold.</summary>
    sealed class ElementwiseComparer<T> : IEqualityComparer<T[]>
    {
        public static readonly ElementwiseComparer<T> Instance = new();

        public bool Equals(T[]? a, T[]? b) => a.AsSpan().SequenceEqual(b);

        public int GetHashCode(T[] s)
        {
            var h = new HashCode();
            foreach (var x in s) h.Add(x);
            return h.ToHashCode();
        }
    }
}
