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

    /// <summary>
    /// Accuracy at each output position t = 1, 2, ... (index t-1): among the references that have a position t, the
    /// fraction whose prediction has the same token there (a prediction too short to have it counts as wrong).
    /// <see cref="PositionAccuracy.Count"/> says how many references reach each position; the arrays are as long as the
    /// longest reference. With <paramref name="fromEnd"/> positions are counted back from each reference's last token
    /// (index 0: position T_y, index 1: T_y - 1, ...), still compared at the same place t of the prediction, so
    /// references of different lengths line up at their ends.
    /// </summary>
    public static PositionAccuracy ByPosition<T>(IReadOnlyList<IReadOnlyList<T>> predictions, IReadOnlyList<IReadOnlyList<T>> references, bool fromEnd = false)
    {
        Check(predictions.Count, references.Count);
        int longest = references.Count == 0 ? 0 : references.Max(r => r.Count);
        var right = new int[longest];
        var count = new int[longest];
        for (int i = 0; i < references.Count; i++)
        {
            var r = references[i]; var p = predictions[i];
            for (int j = 0; j < r.Count; j++)
            {
                int k = fromEnd ? r.Count - 1 - j : j;   // the bucket: position t, or how far t is from the end
                count[k]++;
                if (j < p.Count && EqualityComparer<T>.Default.Equals(r[j], p[j])) right[k]++;
            }
        }
        return new PositionAccuracy(right.Select((k, j) => k / (double)count[j]).ToArray(), count);
    }

    static void Check(int p, int r)
    {
        if (p != r) throw new ArgumentException($"accuracy: {p} predictions but {r} references.");
    }
}

/// <summary>Accuracy per output position (index t-1 for position t) and how many references reach each position.</summary>
public sealed record PositionAccuracy(double[] Accuracy, int[] Count);
