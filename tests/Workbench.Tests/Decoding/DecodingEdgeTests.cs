using Workbench.Decoding;
using Workbench.Tensors;

namespace Workbench.Tests.Decoding;

/// <summary>The edges of the decoding settings and strategies: each guard at its boundary (the last value refused and
/// the first accepted, with the setting named), and the cases the hand-worked tests do not reach (mutation testing,
/// issue 20).</summary>
public class DecodingEdgeTests
{
    const int Bos = 0, Eos = 1;

    static void Refused(string param, Action act, string? message = null)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(act);
        Assert.Equal(param, e.ParamName);
        if (message is not null) Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Beam_options_refuse_each_setting_just_outside_its_range_and_accept_its_edge()
    {
        Refused("Width", () => new BeamOptions(Width: 0, NBest: 1).Validate(), "beam search: width must be >= 1.");
        Refused("MaxLength", () => new BeamOptions(MaxLength: 0).Validate(), "beam search: max length must be >= 1.");
        Refused("NBest", () => new BeamOptions(Width: 3, NBest: 0).Validate());
        Refused("NBest", () => new BeamOptions(Width: 3, NBest: 4).Validate());
        Refused("LengthPenalty", () => new BeamOptions(LengthPenalty: -1e-9).Validate(), "beam search: length penalty must be >= 0.");
        new BeamOptions(Width: 1, MaxLength: 1, LengthPenalty: 0, NBest: 1).Validate();
        new BeamOptions(Width: 3, NBest: 3).Validate();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BeamOptions(Width: 3, NBest: 4).Validate());
        Assert.Contains("1..width (3)", e.Message);
    }

    [Fact]
    public void Sampling_options_refuse_each_setting_just_outside_its_range_and_accept_its_edge()
    {
        Refused("Temperature", () => new SamplingOptions(Temperature: 0).Validate(), "sampling: temperature must be > 0");
        Refused("Temperature", () => new SamplingOptions(Temperature: double.NaN).Validate());
        Refused("TopK", () => new SamplingOptions(TopK: -1).Validate(), "sampling: top-k must be >= 0.");
        Refused("TopP", () => new SamplingOptions(TopP: 0).Validate(), "sampling: top-p must be in (0, 1].");
        Refused("TopP", () => new SamplingOptions(TopP: 1.0000001).Validate());
        Refused("TopP", () => new SamplingOptions(TopP: double.NaN).Validate());
        new SamplingOptions(Temperature: 1e-6, TopK: 0, TopP: 1).Validate();
        new SamplingOptions(TopP: 1e-9).Validate();
        // Generate.Sample checks the options before decoding anything.
        Refused("TopK", () => Generate.Sample(DecodingTests.Chain, new[] { 0 }, Bos, Eos, 3, new SamplingOptions(TopK: -2), new Generator(1)));
    }

    [Fact]
    public void Greedy_and_sampling_refuse_a_max_length_below_one_and_stop_at_it()
    {
        Refused("maxLength", () => Generate.Greedy(DecodingTests.Chain, new[] { 0 }, Bos, Eos, 0), "decoding: max length must be >= 1.");
        Refused("maxLength", () => Generate.Sample(DecodingTests.Chain, new[] { 0 }, Bos, Eos, 0, new SamplingOptions(), new Generator(1)));
        // From <bos> the chain's best token is a (2), and a never prefers <eos>: a cut-off output is unfinished.
        var one = Generate.Greedy(DecodingTests.Chain, new[] { 0 }, Bos, Eos, 1);
        Assert.Equal(new[] { 2 }, one.Tokens);
        Assert.False(one.Finished);
        Assert.Equal(Math.Log(0.6), one.LogProb, 5);
        Assert.Equal(one.LogProb, one.Score);
        Assert.Equal(new[] { Math.Log(0.6) }, one.TokenLogProbs.Select(x => Math.Round(x, 5)).ToArray(), new RoundedComparer());
        var two = Generate.Greedy(DecodingTests.Chain, new[] { 0 }, Bos, Eos, 2);
        Assert.True(two.Finished);
        Assert.Equal(2, two.TokenLogProbs.Length);
    }

    sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-5;
        public int GetHashCode(double x) => 0;
    }
    /// <summary>A model whose next-token log-probabilities are fixed per step (the same for every row).</summary>
    sealed class FixedSteps(params double[][] probs) : IStepDecoder<int>
    {
        public int VocabSize => probs[0].Length;
        public (float[] LogProbs, int State) Step(int state, int[] tokens)
        {
            var row = probs[Math.Min(state, probs.Length - 1)];
            var lp = new float[tokens.Length * VocabSize];
            for (int r = 0; r < tokens.Length; r++)
                for (int v = 0; v < VocabSize; v++) lp[r * VocabSize + v] = (float)Math.Log(row[v]);
            return (lp, state + 1);
        }
        public int Select(int state, int[] rows) => state;
    }

    /// <summary>A broken model: always one row of log-probabilities, however many beams it is fed.</summary>
    sealed class OneRowModel : IStepDecoder<int>
    {
        public int VocabSize => 3;
        public (float[] LogProbs, int State) Step(int state, int[] tokens) => ([-1.1f, -1.1f, -1.1f], state);
        public int Select(int state, int[] rows) => state;
    }

    [Fact]
    public void Beam_search_refuses_a_model_that_returns_the_wrong_number_of_log_probabilities()
    {
        // Step 0 has one live row (fine); step 1 has two, but the model still answers for one.
        var e = Assert.Throws<InvalidOperationException>(() =>
            Generate.BeamSearch(new OneRowModel(), 0, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 3)));
        Assert.Contains("3 log-probabilities for 2 rows of 3 tokens", e.Message);
    }

    [Fact]
    public void Equal_candidates_go_to_the_lower_token_and_impossible_tokens_are_never_candidates()
    {
        // Tokens 2..5 equally likely, <bos> impossible: the first step's candidates are 2, 3, 4, 5 in id order
        // (a tie goes to the lower id), <bos> never appears, and a width-2 beam keeps 2 and 3.
        var model = new FixedSteps([0, 0.04, 0.24, 0.24, 0.24, 0.24]);
        var trace = new BeamTrace();
        Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 1, NBest: 2), trace);
        var first = trace.Steps[0].Candidates;
        Assert.Equal(new[] { 2, 3, 4, 5 }, first.Select(c => c.Token));
        Assert.Equal(new[] { BeamFate.Kept, BeamFate.Kept, BeamFate.Pruned, BeamFate.Pruned }, first.Select(c => c.Fate));
        Assert.Equal(new[] { 0, 1, -1, -1 }, first.Select(c => c.Slot));
        Assert.All(first, c => Assert.Null(c.Score));
        Assert.Equal(new[] { 0.24, 0.24, 0.24, 0.24 }.Select(x => (double)(float)Math.Log(x)), first.Select(c => c.TokenLogProb));

        // Width 3 over a vocabulary with only two possible tokens: two candidates, not 2·3 padded with impossible ones.
        var sparse = new FixedSteps([0, 0, 0.5, 0.5]);
        var t2 = new BeamTrace();
        var r = Generate.BeamSearch(sparse, 0, Bos, Eos, new BeamOptions(Width: 3, MaxLength: 2, NBest: 3), t2);
        Assert.Equal(2, t2.Steps[0].Candidates.Count);
        Assert.All(t2.Steps, s => Assert.All(s.Candidates, c => Assert.True(c.Token >= 2)));
        Assert.All(r, h => Assert.False(h.Finished));
        Assert.Equal("BeamTrace(2 steps, 0 finished, 3 returned)", t2.ToString());
    }

    [Fact]
    public void Finished_hypotheses_with_equal_scores_rank_the_shorter_first()
    {
        // <eos> at once (1/4) or a then <eos> (1/2 · 1/2): the same log-probability, in floats too.
        var model = new FixedSteps([0, 0.25, 0.5, 0.25], [0, 0.5, 0.25, 0.25], [0, 0.5, 0.25, 0.25]);
        var r = Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 3, MaxLength: 3, NBest: 3));
        Assert.Equal(r[0].Score, r[1].Score);
        Assert.Equal(new[] { Eos }, r[0].Tokens);
        Assert.True(r[1].Tokens.Length > 1);
        Assert.All(r.Take(2), h => Assert.True(h.Finished));
        var trace = new BeamTrace();
        Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 3, MaxLength: 3, NBest: 3), trace);
        Assert.Equal(Math.Log(0.25), (double)trace.Steps[0].Candidates.Single(c => c.Token == Eos).Score!, 6);
    }

    [Fact]
    public void Cut_off_hypotheses_rank_by_score_and_top_up_the_list()
    {
        // <eos> impossible: every hypothesis is cut off at MaxLength, and they come out best first.
        var model = new FixedSteps([0, 0, 0.6, 0.3, 0.1], [0, 0, 0.5, 0.4, 0.1]);
        var r = Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 3, MaxLength: 2, NBest: 3));
        Assert.Equal(3, r.Count);
        Assert.All(r, h => Assert.False(h.Finished));
        Assert.Equal(new[] { 2, 2 }, r[0].Tokens);
        Assert.True(r[0].Score > r[1].Score && r[1].Score > r[2].Score);
        Assert.Equal(new[] { 2, 3 }, r[1].Tokens);
    }

    [Fact]
    public void Top_k_larger_than_the_vocabulary_keeps_every_token()
    {
        float[] lp = [.. new[] { 0.5, 0.3, 0.2 }.Select(x => (float)Math.Log(x))];
        var all = Sampling.Distribution(lp, new SamplingOptions(TopK: 10));
        Assert.Equal(new[] { 0.5, 0.3, 0.2 }, all.Select(x => Math.Round(x, 6)));
        var one = Sampling.Distribution(lp, new SamplingOptions(TopK: 1, TopP: 0.99));
        Assert.Equal(new[] { 1.0, 0, 0 }, one);
    }

    [Fact]
    public void Top_p_stops_at_the_first_token_whose_cumulative_probability_reaches_p()
    {
        // Two tokens of exactly 1/2 each: p = 0.5 is reached by the first (the lower id).
        float[] lp = [(float)Math.Log(0.5), (float)Math.Log(0.5)];
        Assert.Equal(new[] { 1.0, 0.0 }, Sampling.Distribution(lp, new SamplingOptions(TopP: 0.5)));
        Assert.Equal(new[] { 0.5, 0.5 }, Sampling.Distribution(lp, new SamplingOptions(TopP: 0.5000001)));
    }

    [Fact]
    public void Banning_every_possible_token_is_an_error_and_a_ban_is_never_drawn()
    {
        float[] lp = [float.NegativeInfinity, (float)Math.Log(0.9), (float)Math.Log(0.1)];
        var e = Assert.Throws<InvalidOperationException>(() => Sampling.Distribution(lp, new SamplingOptions(Banned: [1, 2])));
        Assert.Contains("every token is banned", e.Message);
        var g = new Generator(9);
        for (int i = 0; i < 300; i++) Assert.Equal(2, Sampling.Sample(lp, new SamplingOptions(Banned: [1]), g));
        Assert.Equal(new[] { 0.0, 0.0, 1.0 }, Sampling.Distribution(lp, new SamplingOptions(Banned: [1])));
    }
    /// <summary>A Markov chain whose state is each row's prefix (the tokens fed so far): a beam that hands the model
    /// too few rows of state, or rows whose prefix is not the kept hypothesis's, is caught, where
    /// <see cref="MarkovChain"/> only reads the fed tokens.</summary>
    sealed class PrefixChain(MarkovChain chain) : IStepDecoder<int[][]>
    {
        public int VocabSize => chain.VocabSize;
        public (float[] LogProbs, int[][] State) Step(int[][] state, int[] tokens)
        {
            if (state.Length != tokens.Length) throw new InvalidOperationException($"state has {state.Length} rows, fed {tokens.Length} tokens");
            var (lp, _) = chain.Step(tokens, tokens);
            return (lp, [.. state.Select((p, r) => (int[])[.. p, tokens[r]])]);
        }
        public int[][] Select(int[][] state, int[] rows) => [.. rows.Select(r => state[r])];
    }

    sealed class Recorder(PrefixChain inner) : IStepDecoder<int[][]>
    {
        public readonly List<int[]> Fed = [];
        public int VocabSize => inner.VocabSize;
        public (float[] LogProbs, int[][] State) Step(int[][] state, int[] tokens)
        {
            var (lp, next) = inner.Step(state, tokens);
            Fed.AddRange(next);
            return (lp, next);
        }
        public int[][] Select(int[][] state, int[] rows) => inner.Select(state, rows);
    }

    [Fact]
    public void The_beam_hands_the_model_the_state_of_each_kept_row()
    {
        var rng = new Generator(4);
        for (int trial = 0; trial < 10; trial++)
        {
            var (chain, _) = DecodingTests.RandomChain(rng, v: 5, floor: 0.05);
            var options = new BeamOptions(Width: 3, MaxLength: 5, NBest: 3);
            var plain = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, options);
            var recorder = new Recorder(new PrefixChain(chain));
            var withState = Generate.BeamSearch(recorder, [[]], Bos, Eos, options);
            Assert.Equal(plain.Select(h => h.Tokens), withState.Select(h => h.Tokens));
            // Every prefix the model was fed is <bos> followed by a prefix of a hypothesis the beam kept or returned.
            Assert.All(recorder.Fed, p => Assert.Equal(Bos, p[0]));
            foreach (var h in withState.Where(h => h.Tokens.Length > 1))
                Assert.Contains(recorder.Fed, p => p.Skip(1).SequenceEqual(h.Tokens[..^1]));
        }
    }

    [Fact]
    public void An_ending_pruned_inside_the_beam_has_no_score()
    {
        // Step 1 ranks: a·<eos> 0.30 (finished), a·a 0.24 (kept), b·<eos> 0.20 (rank 2 = width: pruned), b·a 0.16 (kept).
        var model = new FixedSteps([0, 0, 0.6, 0.4], [0, 0.5, 0.4, 0.1]);
        var trace = new BeamTrace();
        Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 2, NBest: 2), trace);
        var step = trace.Steps[1].Candidates;
        Assert.Equal((Eos, BeamFate.Finished), (step[0].Token, step[0].Fate));
        Assert.Equal(Math.Log(0.3), (double)step[0].Score!, 6);
        Assert.Equal((1, Eos, BeamFate.Pruned, -1), (step[2].Parent, step[2].Token, step[2].Fate, step[2].Slot));
        Assert.Null(step[2].Score);
        Assert.Equal(BeamFate.Kept, step[3].Fate);
    }

    [Fact]
    public void Ties_between_rows_go_to_the_lower_row_and_greedy_ties_to_the_lower_token()
    {
        // Two equally likely rows, each with two equally likely tokens: the kept pair is row 0's.
        var model = new FixedSteps([0, 0, 0.5, 0.5]);
        var r = Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 2, NBest: 2));
        Assert.Equal(new[] { 2, 2 }, r[0].Tokens);
        Assert.Equal(new[] { 2, 3 }, r[1].Tokens);
        var greedy = Generate.Greedy(model, 0, Bos, Eos, 3);
        Assert.Equal(new[] { 2, 2, 2 }, greedy.Tokens);
    }

    [Fact]
    public void A_cold_temperature_does_not_underflow_and_top_p_of_one_keeps_every_token()
    {
        // log p / 0.001 is about -700: exponentiated without subtracting the maximum it would underflow to 0/0.
        float[] lp = [(float)Math.Log(0.5), (float)Math.Log(0.3), (float)Math.Log(0.2)];
        var cold = Sampling.Distribution(lp, new SamplingOptions(Temperature: 0.001));
        Assert.Equal(1.0, cold[0]);
        Assert.InRange(cold[1], 0, 1e-200);
        Assert.All(cold, q => Assert.True(double.IsFinite(q)));
        // A token far below the others still has its (tiny) probability: p = 1 rounds the first to 1.0 exactly.
        var all = Sampling.Distribution([0f, -40f], new SamplingOptions(TopP: 1));
        Assert.True(all[1] > 0 && all[1] < 1e-17, $"{all[1]}");
    }

    [Fact]
    public void Beam_search_checks_its_options_before_it_steps()
    {
        var model = new FixedSteps([0, 0.5, 0.5]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 0, NBest: 1)));
        Assert.Equal("Width", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 2, NBest: 3)));
        Assert.Equal("NBest", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(LengthPenalty: -0.5)));
        Assert.Equal("LengthPenalty", e.ParamName);
    }

    /// <summary>A model that can only end: every token but &lt;eos&gt; is impossible. It refuses to select zero rows,
    /// which a real model's state cannot represent.</summary>
    sealed class OnlyEnds : IStepDecoder<int>
    {
        public int Selects { get; private set; }
        public int VocabSize => 3;
        public (float[] LogProbs, int State) Step(int state, int[] tokens) =>
            ([.. Enumerable.Range(0, tokens.Length).SelectMany(_ => new[] { float.NegativeInfinity, 0f, float.NegativeInfinity })], state + 1);
        public int Select(int state, int[] rows)
        {
            Selects++;
            return rows.Length > 0 ? state : throw new InvalidOperationException("asked to select zero rows");
        }
    }

    [Fact]
    public void When_every_candidate_ends_the_beam_stops_without_selecting_zero_rows()
    {
        var model = new OnlyEnds();
        var trace = new BeamTrace();
        var r = Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 5), trace);
        Assert.Equal(new[] { Eos }, Assert.Single(r).Tokens);
        Assert.True(r[0].Finished);
        Assert.Single(trace.Steps);
        Assert.Equal(0, model.Selects);
    }

    [Fact]
    public void A_trace_counts_the_endings_of_every_step()
    {
        // Tokens: 0 <bos> (impossible), 1 <eos>, 2 a, 3 b. Worked by hand with width 3: step 0 ends <eos> (rank 1);
        // step 1 ends "a <eos>" (rank 0) and prunes "b <eos>" (rank 3, a tie lost on row order); step 2 ends
        // "a a <eos>" and "a b <eos>" (ranks 0 and 1). Four endings in three steps, at most two in one step.
        var model = new FixedSteps([0, 0.25, 0.5, 0.25], [0, 0.5, 0.25, 0.25]);
        var trace = new BeamTrace();
        var r = Generate.BeamSearch(model, 0, Bos, Eos, new BeamOptions(Width: 3, MaxLength: 3, NBest: 3), trace);
        Assert.Equal(new[] { 1, 1, 2 }, trace.Steps.Select(s => s.Candidates.Count(c => c.Fate == BeamFate.Finished)));
        Assert.Equal("BeamTrace(3 steps, 4 finished, 3 returned)", trace.ToString());
        Assert.All(r, h => Assert.True(h.Finished));
    }
}
