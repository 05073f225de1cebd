using Workbench.Tensors;

namespace Workbench.Decoding;

/// <summary>How to draw the next token from a distribution.</summary>
/// <param name="Temperature">Divides the logits: below 1 sharpens (more likely, less diverse), above 1 flattens.</param>
/// <param name="TopK">Keep only the k most likely tokens (0 = all).</param>
/// <param name="TopP">Nucleus sampling: keep the smallest set of most likely tokens whose probability reaches p (1 = all).</param>
/// <param name="Banned">Token ids never drawn (e.g. &lt;unk&gt; when generating readable text, &lt;pad&gt;).</param>
public sealed record SamplingOptions(double Temperature = 1.0, int TopK = 0, double TopP = 1.0, IReadOnlyCollection<int>? Banned = null)
{
    public void Validate()
    {
        if (!(Temperature > 0)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "sampling: temperature must be > 0 (use greedy decoding for the limit 0).");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "sampling: top-k must be >= 0.");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "sampling: top-p must be in (0, 1].");
    }
}

/// <summary>Draws tokens from log-probabilities under temperature, top-k, top-p and banned tokens.</summary>
public static class Sampling
{
    /// <summary>The distribution actually sampled from, after temperature, bans, top-k and top-p
    /// (renormalised probabilities; zeros for excluded tokens).</summary>
    public static double[] Distribution(ReadOnlySpan<float> logProbs, SamplingOptions options)
    {
        options.Validate();
        int v = logProbs.Length;
        var scaled = new double[v];
        double max = double.NegativeInfinity;
        for (int i = 0; i < v; i++)
        {
            scaled[i] = logProbs[i] / options.Temperature;
            if (options.Banned?.Contains(i) == true) scaled[i] = double.NegativeInfinity;
            max = Math.Max(max, scaled[i]);
        }
        if (double.IsNegativeInfinity(max)) throw new InvalidOperationException("sampling: every token is banned or has zero probability.");
        var p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) sum += p[i] = Math.Exp(scaled[i] - max);
        for (int i = 0; i < v; i++) p[i] /= sum;

        // Rank by probability (ties by id, so the result does not depend on sort stability).
        var order = Enumerable.Range(0, v).OrderByDescending(i => p[i]).ThenBy(i => i).ToArray();
        int keep = options.TopK > 0 ? Math.Min(options.TopK, v) : v;
        if (options.TopP < 1)
        {
            double cum = 0; int n = 0;
            while (n < keep) { cum += p[order[n]]; n++; if (cum >= options.TopP) break; }
            keep = n;
        }
        var q = new double[v];
        double kept = 0;
        for (int r = 0; r < keep; r++) kept += q[order[r]] = p[order[r]];
        for (int i = 0; i < v; i++) q[i] /= kept;
        return q;
    }

    /// <summary>One draw from <paramref name="logProbs"/> (inverse CDF over token ids, one uniform number from
    /// <paramref name="generator"/>).</summary>
    public static int Sample(ReadOnlySpan<float> logProbs, SamplingOptions options, Generator generator)
    {
        var q = Distribution(logProbs, options);
        double u = generator.NextDouble(), cum = 0;
        int last = -1;
        for (int i = 0; i < q.Length; i++)
        {
            if (q[i] == 0) continue;
            cum += q[i]; last = i;
            if (u < cum) return i;
        }
        return last;   // rounding left u just above the total
    }
}
