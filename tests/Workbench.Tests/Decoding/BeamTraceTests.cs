using Workbench.Decoding;
using Workbench.Tensors;

namespace Workbench.Tests.Decoding;

/// <summary>The beam-search observer reports what the search did and never changes what it returns.</summary>
public class BeamTraceTests
{
    const int Bos = 0, Eos = 1, A = 2, B = 3;

    static readonly MarkovChain Chain = DecodingTests.Chain;

    [Fact]
    public void Observing_does_not_change_the_result()
    {
        var rng = new Generator(5);
        int compared = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var (chain, _) = DecodingTests.RandomChain(rng, v: 3 + trial % 5, floor: 0.01);
            foreach (var (width, alpha, nbest) in new[] { (1, 0.0, 1), (2, 0.0, 2), (3, 0.6, 2), (5, 1.0, 5) })
            {
                var options = new BeamOptions(Width: width, MaxLength: 2 + trial % 7, LengthPenalty: alpha, NBest: nbest);
                var plain = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, options);
                var trace = new BeamTrace();
                var traced = Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, options, trace);
                Assert.Equal(plain.Count, traced.Count);
                for (int i = 0; i < plain.Count; i++)
                {
                    Assert.Equal(plain[i].Tokens, traced[i].Tokens);
                    Assert.Equal(plain[i].TokenLogProbs, traced[i].TokenLogProbs);
                    Assert.Equal(plain[i].LogProb, traced[i].LogProb);
                    Assert.Equal(plain[i].Score, traced[i].Score);
                    Assert.Equal(plain[i].Finished, traced[i].Finished);
                }
                Assert.Same(traced, trace.Results);
                AssertConsistent(trace, options);
                compared++;
            }
        }
        Assert.Equal(160, compared);
    }

    /// <summary>Every step's fates agree with the next step's live list and with the returned hypotheses.</summary>
    static void AssertConsistent(BeamTrace trace, BeamOptions options)
    {
        Assert.NotEmpty(trace.Steps);
        Assert.Single(trace.Steps[0].Live);
        Assert.Empty(trace.Steps[0].Live[0].Tokens);
        var finishedInTrace = new List<int[]>();
        for (int s = 0; s < trace.Steps.Count; s++)
        {
            var step = trace.Steps[s];
            Assert.Equal(s, step.Step);
            Assert.InRange(step.Live.Count, 1, options.Width);
            Assert.Equal(Enumerable.Range(0, step.Candidates.Count), step.Candidates.Select(c => c.Rank));
            for (int i = 1; i < step.Candidates.Count; i++) Assert.True(step.Candidates[i - 1].LogProb >= step.Candidates[i].LogProb);
            var kept = step.Candidates.Where(c => c.Fate == BeamFate.Kept).ToList();
            Assert.Equal(Enumerable.Range(0, kept.Count), kept.Select(c => c.Slot));
            Assert.InRange(kept.Count, 0, options.Width);
            foreach (var c in step.Candidates)
            {
                var parent = step.Live[c.Parent];
                Assert.Equal(parent.LogProb + c.TokenLogProb, c.LogProb, 9);
                if (c.Fate == BeamFate.Finished)
                {
                    Assert.Equal(Eos, c.Token);
                    Assert.True(c.Rank < options.Width);
                    Assert.NotNull(c.Score);
                    finishedInTrace.Add([.. parent.Tokens, c.Token]);
                }
                if (c.Fate != BeamFate.Kept) Assert.Equal(-1, c.Slot);
            }
            if (s + 1 < trace.Steps.Count)
            {
                var next = trace.Steps[s + 1].Live;
                Assert.Equal(kept.Count, next.Count);
                foreach (var c in kept)
                {
                    Assert.Equal([.. step.Live[c.Parent].Tokens, c.Token], next[c.Slot].Tokens);
                    Assert.Equal(c.LogProb, next[c.Slot].LogProb);
                }
            }
        }
        // Every returned finished hypothesis was reported as finished at some step.
        foreach (var h in trace.Results.Where(h => h.Finished))
            Assert.Contains(finishedInTrace, f => f.SequenceEqual(h.Tokens));
    }

    [Fact]
    public void Trace_of_a_hand_computed_search()
    {
        // Width 2 from <bos>: a (0.6) and b (0.4) are kept. Next step: b <eos> (0.36) and a <eos> (0.21) finish,
        // a a (0.198) and a b (0.192) are kept, and two finished hypotheses stop the search.
        var trace = new BeamTrace();
        var result = Generate.BeamSearch(Chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 5, NBest: 2), trace);
        Assert.Equal(2, trace.Steps.Count);
        var s0 = trace.Steps[0].Candidates;
        Assert.Equal((A, BeamFate.Kept, 0), (s0[0].Token, s0[0].Fate, s0[0].Slot));
        Assert.Equal((B, BeamFate.Kept, 1), (s0[1].Token, s0[1].Fate, s0[1].Slot));
        Assert.Equal(Math.Log(0.6), s0[0].LogProb, 6);
        Assert.All(s0.Skip(2), c => Assert.Equal(BeamFate.Pruned, c.Fate));
        Assert.Equal(4, s0.Count);

        var step1 = trace.Steps[1];
        Assert.Equal(new[] { A }, step1.Live[0].Tokens);
        Assert.Equal(new[] { B }, step1.Live[1].Tokens);
        var c1 = step1.Candidates;
        Assert.Equal((1, Eos, BeamFate.Finished), (c1[0].Parent, c1[0].Token, c1[0].Fate));
        Assert.Equal(Math.Log(0.4 * 0.9), c1[0].LogProb, 6);
        Assert.Equal((0, Eos, BeamFate.Finished), (c1[1].Parent, c1[1].Token, c1[1].Fate));
        Assert.Equal((0, A, BeamFate.Kept, 0), (c1[2].Parent, c1[2].Token, c1[2].Fate, c1[2].Slot));
        Assert.Equal((0, B, BeamFate.Kept, 1), (c1[3].Parent, c1[3].Token, c1[3].Fate, c1[3].Slot));
        Assert.Equal(result[0].Score, c1[0].Score);
        Assert.Equal(new[] { B, Eos }, trace.Results[0].Tokens);
        Assert.Equal(new[] { A, Eos }, trace.Results[1].Tokens);
    }

    [Fact]
    public void An_ending_ranked_below_the_width_is_pruned()
    {
        // From <bos>: a 0.5, b 0.3, <eos> 0.2. Width 2: a and b fill the beam, <eos> (rank 2) is pruned.
        var chain = new MarkovChain(new double[,]
        {
            { 1e-9, 0.2, 0.5, 0.3 },
            { 0.25, 0.25, 0.25, 0.25 },
            { 1e-9, 0.9, 0.05, 0.05 },
            { 1e-9, 0.9, 0.05, 0.05 },
        });
        var trace = new BeamTrace();
        Generate.BeamSearch(chain, new[] { 0 }, Bos, Eos, new BeamOptions(Width: 2, MaxLength: 3), trace);
        var eos = trace.Steps[0].Candidates.Single(c => c.Token == Eos);
        Assert.Equal((2, BeamFate.Pruned, -1), (eos.Rank, eos.Fate, eos.Slot));
        Assert.Null(eos.Score);
    }
}
