using Workbench.Tensors;

namespace Workbench.Decoding;

/// <summary>Greedy decoding, sampling and beam search over any <see cref="IStepDecoder{TState}"/>: the same
/// code decodes a language model and a seq2seq decoder.</summary>
public static class Generate
{
    /// <summary>Takes the most likely token at every step until <paramref name="eos"/> or
    /// <paramref name="maxLength"/> tokens.</summary>
    public static Hypothesis Greedy<TState>(IStepDecoder<TState> model, TState start, int bos, int eos, int maxLength) =>
        Decode(model, start, bos, eos, maxLength, lp => ArgMax(lp));

    /// <summary>Draws each token from the model's distribution shaped by <paramref name="options"/>;
    /// the same generator seed gives the same sequence.</summary>
    public static Hypothesis Sample<TState>(IStepDecoder<TState> model, TState start, int bos, int eos, int maxLength,
        SamplingOptions options, Generator generator)
    {
        options.Validate();
        return Decode(model, start, bos, eos, maxLength, lp => Sampling.Sample(lp, options, generator));
    }

    static Hypothesis Decode<TState>(IStepDecoder<TState> model, TState state, int bos, int eos, int maxLength, Func<ReadOnlySpan<float>, int> choose)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "decoding: max length must be >= 1.");
        var tokens = new List<int>(); var lps = new List<double>();
        int token = bos;
        for (int t = 0; t < maxLength; t++)
        {
            var (lp, next) = model.Step(state, [token]);
            state = next;
            token = choose(lp);
            tokens.Add(token); lps.Add(lp[token]);
            if (token == eos) break;
        }
        double sum = lps.Sum();
        return new Hypothesis([.. tokens], sum, [.. lps], sum, tokens[^1] == eos);
    }

    /// <summary>Beam search: keeps the <c>Width</c> best partial hypotheses by total log-probability; a
    /// candidate ending in <paramref name="eos"/> that ranks among the step's <c>Width</c> best moves to the
    /// finished list. Stops when <c>Width</c> have finished or <c>MaxLength</c> is reached. Returns the
    /// <c>NBest</c> finished hypotheses by length-normalised score, topped up with unfinished ones only when
    /// fewer ended. Width 1 is greedy decoding. An <paramref name="observer"/> (e.g. a <see cref="BeamTrace"/>)
    /// is told every step's live hypotheses and scored candidates with their fates; it does not change the result.</summary>
    public static IReadOnlyList<Hypothesis> BeamSearch<TState>(IStepDecoder<TState> model, TState start, int bos, int eos, BeamOptions options,
        IBeamSearchObserver? observer = null)
    {
        options.Validate();
        int v = model.VocabSize;
        var live = new List<(int[] Tokens, double[] Lps, double LogProb)> { ([], [], 0.0) };
        var state = start;
        var lastTokens = new[] { bos };
        var finished = new List<Hypothesis>();
        for (int step = 0; step < options.MaxLength && live.Count > 0 && finished.Count < options.Width; step++)
        {
            var (lp, next) = model.Step(state, lastTokens);
            if (lp.Length != live.Count * v)
                throw new InvalidOperationException($"beam search: model returned {lp.Length} log-probabilities for {live.Count} rows of {v} tokens.");
            // Best Width * 2 candidates over all rows: enough to fill Width live beams even if many end now.
            var candidates = TopCandidates(lp, live.Select(b => b.LogProb).ToArray(), v, 2 * options.Width);
            var rows = new List<int>(); var nextLive = new List<(int[], double[], double)>();
            var fates = observer is null ? null : new List<BeamCandidate>(candidates.Count);
            for (int rank = 0; rank < candidates.Count && nextLive.Count < options.Width; rank++)
            {
                var (row, tok, total) = candidates[rank];
                var (toks, lps, _) = live[row];
                int[] nt = [.. toks, tok];
                double[] nl = [.. lps, lp[row * v + tok]];
                // An ending counts only if it is among the Width best candidates of this step (so width 1 is
                // exactly greedy); the live beams are refilled from the best non-ending candidates.
                if (tok == eos)
                {
                    bool ends = rank < options.Width;
                    if (ends) finished.Add(Finish(nt, nl, total, true, options));
                    fates?.Add(new(row, tok, nl[^1], total, rank, ends ? BeamFate.Finished : BeamFate.Pruned, -1, ends ? finished[^1].Score : null));
                }
                else
                {
                    fates?.Add(new(row, tok, nl[^1], total, rank, BeamFate.Kept, nextLive.Count, null));
                    nextLive.Add((nt, nl, total)); rows.Add(row);
                }
            }
            if (observer is not null)
            {   // candidates left when the beam filled up were scored but not needed
                for (int rank = fates!.Count; rank < candidates.Count; rank++)
                {
                    var (row, tok, total) = candidates[rank];
                    fates.Add(new(row, tok, lp[row * v + tok], total, rank, BeamFate.Pruned, -1, null));
                }
                observer.OnStep(new BeamStep(step, live.Select(b => new BeamHypothesis([.. b.Tokens], b.LogProb)).ToArray(), fates));
            }
            live = nextLive;
            if (live.Count == 0) break;
            state = model.Select(next, [.. rows]);
            lastTokens = live.Select(b => b.Item1[^1]).ToArray();
        }
        // Finished hypotheses rank first; hypotheses cut off at MaxLength (marked unfinished) only fill the
        // list when fewer than NBest ended: a prefix always outscores its own completions, so letting it
        // compete would favour outputs that never end.
        var done = finished.OrderByDescending(h => h.Score).ThenBy(h => h.Tokens.Length);
        var cut = live.Select(b => Finish(b.Tokens, b.Lps, b.LogProb, false, options)).OrderByDescending(h => h.Score);
        var results = done.Concat(cut).Take(options.NBest).ToList();
        observer?.OnFinished(results);
        return results;
    }

    static Hypothesis Finish(int[] tokens, double[] lps, double logProb, bool finished, BeamOptions o) =>
        new(tokens, logProb, lps, logProb / Math.Pow((5.0 + tokens.Length) / 6.0, o.LengthPenalty), finished);

    static List<(int Row, int Token, double Total)> TopCandidates(float[] lp, double[] beamLogProb, int v, int k)
    {
        var best = new List<(int, int, double)>();
        var heap = new PriorityQueue<(int Row, int Token, double Total), (double, int)>();   // min-heap of the k best
        for (int r = 0; r < beamLogProb.Length; r++)
            for (int t = 0; t < v; t++)
            {
                double total = beamLogProb[r] + lp[r * v + t];
                if (double.IsNegativeInfinity(total)) continue;
                var key = (total, -(r * v + t));   // ties: lower (row, token) wins
                if (heap.Count < k) heap.Enqueue((r, t, total), key);
                else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0) heap.EnqueueDequeue((r, t, total), key);
            }
        while (heap.Count > 0) best.Add(heap.Dequeue());
        best.Reverse();
        return best;
    }

    static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
