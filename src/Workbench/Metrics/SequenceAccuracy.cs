namespace Workbench.Metrics;

/// <summary>Whole-sequence and per-token agreement between predicted and reference token sequences.</summary>
public static class SequenceAccuracy
{
    /// <summary>Fraction of pairs whose sequences are identical.</summary>
    public static double ExactMatch<T>(IReadOnlyList<IReadOnlyList<T>> predictions, IReadOnlyList<IReadOnlyList<T>> references)
    {
        Check(predictions.Count, references.Count);
        if (predictions.Count == 0) return 0;
        return predictions.Zip(references).Count(p => p.First.SequenceEqual(p.Second)) / (double)predictions.Count;
    }

    /// <summary>Fraction of reference positions whose token the prediction has at the same position
    /// (a missing position counts as wrong; extra predicted tokens are ignored).</summary>
    public static double TokenAccuracy<T>(IReadOnlyList<IReadOnlyList<T>> predictions, IReadOnlyList<IReadOnlyList<T>> references)
    {
        Check(predictions.Count, references.Count);
        long right = 0, all = 0;
        for (int i = 0; i < references.Count; i++)
        {
            var r = references[i]; var p = predictions[i];
            all += r.Count;
            for (int j = 0; j < r.Count && j < p.Count; j++)
                if (EqualityComparer<T>.Default.Equals(r[j], p[j])) right++;
        }
        return all == 0 ? 0 : right / (double)all;
    }

    static void Check(int p, int r)
    {
        if (p != r) throw new ArgumentException($"accuracy: {p} predictions but {r} references.");
    }
}
