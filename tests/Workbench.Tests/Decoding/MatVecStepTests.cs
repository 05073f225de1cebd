using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Tests.Decoding;

/// <summary>
/// The matrix-vector decoding step (batch 1 and small beams) against the batched GEMM path of the same model: the same
/// bits (log-probabilities, states, attention weights), so the same tokens from greedy, beam and sampling. Each test
/// also checks that the step did take the matrix-vector path (<see cref="MatVec.CallsOnThisThread"/>), since equal
/// results alone cannot tell the two paths apart.
/// </summary>
public class MatVecStepTests
{
    /// <summary>Runs <paramref name="step"/> and checks it went through <see cref="MatVec"/>.</summary>
    static T ThroughMatVec<T>(Func<T> step)
    {
        int before = MatVec.CallsOnThisThread;
        var result = step();
        Assert.True(MatVec.CallsOnThisThread > before, "the step did not take the matrix-vector path");
        return result;
    }

    public static TheoryData<CellKind, int, int, int> LmConfigs => new()
    {
        { CellKind.RnnTanh, 1, 37, 50 },
        { CellKind.RnnRelu, 2, 64, 65 },
        { CellKind.Gru, 1, 64, 65 },
        { CellKind.Gru, 2, 45, 30 },
        { CellKind.Lstm, 1, 128, 65 },
        { CellKind.Lstm, 2, 64, 40 },
        { CellKind.Lstm, 3, 48, 65 },   // a deep stack
        { CellKind.Gru, 1, 300, 65 },   // W_hh's inner size spans two of the GEMM's 256-deep k blocks
    };

    static RecurrentLanguageModel Lm(CellKind cell, int layers, int hidden, int vocab, long seed)
    {
        var m = new RecurrentLanguageModel(new LanguageModelConfig(cell, vocab, EmbeddingDim: 24, HiddenSize: hidden, NumLayers: layers), new Generator(seed));
        m.Eval();
        return m;
    }

    [Theory]
    [MemberData(nameof(LmConfigs))]
    public void LanguageModelStepsMatchTheBatchedPathForOneRowAndForBeams(CellKind cell, int layers, int hidden, int vocab)
    {
        var m = Lm(cell, layers, hidden, vocab, seed: 7);
        var batched = new BatchedStep.Lm(m);
        var g = new Generator(11);
        foreach (int rows in new[] { 1, 2, 5, MatVec.MaxRows })
        {
            LanguageModelState fast = m.InitialState(rows), slow = m.InitialState(rows);
            for (int t = 0; t < 12; t++)
            {
                var tokens = Enumerable.Range(0, rows).Select(_ => g.NextInt(vocab)).ToArray();
                var (lpFast, nextFast) = ThroughMatVec(() => m.Step(fast, tokens));
                var (lpSlow, nextSlow) = batched.Step(slow, tokens);
                Assert.Equal(lpSlow, lpFast);
                Assert.Equal(nextSlow.H.ToArray(), nextFast.H.ToArray());
                Assert.Equal(nextSlow.C?.ToArray(), nextFast.C?.ToArray());
                (fast, slow) = (nextFast, nextSlow);
            }
        }
    }

    [Theory]
    [MemberData(nameof(LmConfigs))]
    public void LanguageModelGreedyBeamAndSamplingGiveTheSameTokensAsTheBatchedPath(CellKind cell, int layers, int hidden, int vocab)
    {
        foreach (long seed in new long[] { 1, 2, 3 })
        {
            var m = Lm(cell, layers, hidden, vocab, seed);
            var batched = new BatchedStep.Lm(m);
            const int NoEnd = -1;
            var greedy = Generate.Greedy(m, m.InitialState(), bos: 0, eos: NoEnd, maxLength: 40);
            Assert.Equal(Generate.Greedy(batched, m.InitialState(), 0, NoEnd, 40).Tokens, greedy.Tokens);

            var sampled = Generate.Sample(m, m.InitialState(), 0, NoEnd, 60, new SamplingOptions(), new Generator(seed));
            var sampledRef = Generate.Sample(batched, m.InitialState(), 0, NoEnd, 60, new SamplingOptions(), new Generator(seed));
            Assert.Equal(sampledRef.Tokens, sampled.Tokens);
            Assert.Equal(sampledRef.TokenLogProbs, sampled.TokenLogProbs);

            var beam = new BeamOptions(Width: 5, MaxLength: 15, NBest: 5);
            var beams = Generate.BeamSearch(m, m.InitialState(), 0, eos: 3, beam);
            var beamsRef = Generate.BeamSearch(batched, m.InitialState(), 0, 3, beam);
            Assert.Equal(beamsRef.Select(h => h.Tokens), beams.Select(h => h.Tokens));
            Assert.Equal(beamsRef.Select(h => h.Score), beams.Select(h => h.Score));
        }
    }

    [Fact]
    public void MoreRowsThanMaxRowsTakeTheBatchedPathExactly()
    {
        var m = Lm(CellKind.Lstm, 2, 40, 30, seed: 4);
        int rows = MatVec.MaxRows + 1;
        var tokens = Enumerable.Range(0, rows).Select(i => i % 30).ToArray();
        int before = MatVec.CallsOnThisThread;
        var (lp, next) = m.Step(m.InitialState(rows), tokens);
        Assert.Equal(before, MatVec.CallsOnThisThread);
        var (lpRef, nextRef) = new BatchedStep.Lm(m).Step(m.InitialState(rows), tokens);
        Assert.Equal(lpRef, lp);
        Assert.Equal(nextRef.C!.ToArray(), next.C!.ToArray());
    }

    [Fact]
    public void AModelInTrainingModeWithDropoutKeepsTheBatchedPath()
    {
        // Dropout draws from the model's generator on the batched path; two models with the same seed, one stepped
        // by Step and one by the batched reference, must draw the same masks and give the same bits.
        var config = new LanguageModelConfig(CellKind.Gru, 20, 8, 16, NumLayers: 2, Dropout: 0.5f);
        var a = new RecurrentLanguageModel(config, new Generator(3));
        var b = new RecurrentLanguageModel(config, new Generator(3));
        int before = MatVec.CallsOnThisThread;
        var (lpA, _) = a.Step(a.InitialState(), [5]);
        Assert.Equal(before, MatVec.CallsOnThisThread);
        var (lpB, _) = new BatchedStep.Lm(b).Step(b.InitialState(), [5]);
        Assert.Equal(lpB, lpA);
        a.Eval();
        ThroughMatVec(() => a.Step(a.InitialState(), [5]));   // in eval mode the same model takes the matrix-vector path
    }

    // ---------------------------------------------------------------- seq2seq

    public static TheoryData<CellKind, AttentionKind, bool, int, bool> Seq2SeqConfigs => new()
    {
        { CellKind.Gru, AttentionKind.None, false, 1, false },
        { CellKind.Lstm, AttentionKind.None, false, 2, true },
        { CellKind.RnnTanh, AttentionKind.Additive, false, 1, false },
        { CellKind.Lstm, AttentionKind.Additive, true, 2, true },
        { CellKind.Gru, AttentionKind.Dot, false, 1, false },
        { CellKind.Lstm, AttentionKind.Dot, true, 1, false },
        { CellKind.Gru, AttentionKind.General, true, 2, true },
        { CellKind.Lstm, AttentionKind.General, false, 1, false },
    };

    static Seq2SeqModel Seq2Seq(CellKind cell, AttentionKind attention, bool feeding, int layers, bool bidirectional, long seed)
    {
        var m = new Seq2SeqModel(new Seq2SeqConfig(cell, 23, 29, EmbeddingDim: 12, HiddenSize: 36, NumLayers: layers, Bidirectional: bidirectional,
            Attention: attention, InputFeeding: feeding, PadId: 0, BosId: 1, EosId: 2), new Generator(seed));
        m.Eval();
        return m;
    }

    static int[] Source(Generator g) => Enumerable.Range(0, 4 + g.NextInt(5)).Select(_ => 3 + g.NextInt(20)).ToArray();

    [Theory]
    [MemberData(nameof(Seq2SeqConfigs))]
    public void Seq2SeqStepsMatchTheBatchedDecoderForOneRowAndForBeams(CellKind cell, AttentionKind attention, bool feeding, int layers, bool bi)
    {
        var m = Seq2Seq(cell, attention, feeding, layers, bi, seed: 5);
        var batched = new BatchedStep.Seq2Seq(m);
        var g = new Generator(9);
        foreach (int rows in new[] { 1, 4 })
        {
            var start = m.Start(Source(g)).Select(new int[rows]);
            Seq2SeqState fast = start, slow = start;
            for (int t = 0; t < 10; t++)
            {
                var tokens = Enumerable.Range(0, rows).Select(_ => 1 + g.NextInt(28)).ToArray();
                var (lpFast, nextFast) = ThroughMatVec(() => m.Step(fast, tokens));
                var (lpSlow, nextSlow) = batched.Step(slow, tokens);
                Assert.Equal(lpSlow, lpFast);
                Assert.Equal(nextSlow.H.ToArray(), nextFast.H.ToArray());
                Assert.Equal(nextSlow.C?.ToArray(), nextFast.C?.ToArray());
                Assert.Equal(nextSlow.Feed?.Shape, nextFast.Feed?.Shape);
                Assert.Equal(nextSlow.Feed?.ToArray(), nextFast.Feed?.ToArray());
                Assert.Equal(nextSlow.AttentionWeights?.Shape, nextFast.AttentionWeights?.Shape);
                Assert.Equal(nextSlow.AttentionWeights?.ToArray(), nextFast.AttentionWeights?.ToArray());
                (fast, slow) = (nextFast, nextSlow);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seq2SeqConfigs))]
    public void Seq2SeqGreedyAndBeamGiveTheSameTokensAsTheBatchedDecoder(CellKind cell, AttentionKind attention, bool feeding, int layers, bool bi)
    {
        var g = new Generator(21);
        foreach (long seed in new long[] { 1, 2 })
        {
            var m = Seq2Seq(cell, attention, feeding, layers, bi, seed);
            var batched = new BatchedStep.Seq2Seq(m);
            for (int s = 0; s < 3; s++)
            {
                var src = Source(g);
                var greedy = Generate.Greedy(m, m.Start(src), 1, 2, 20);
                Assert.Equal(Generate.Greedy(batched, m.Start(src), 1, 2, 20).Tokens, greedy.Tokens);
                Assert.Equal(greedy.Tokens, m.Translate(src, maxLength: 20).Best.Tokens);
                var beam = new BeamOptions(Width: 5, MaxLength: 20, NBest: 3);
                var beams = Generate.BeamSearch(m, m.Start(src), 1, 2, beam);
                var beamsRef = Generate.BeamSearch(batched, m.Start(src), 1, 2, beam);
                Assert.Equal(beamsRef.Select(h => h.Tokens), beams.Select(h => h.Tokens));
                Assert.Equal(beamsRef.Select(h => h.Score), beams.Select(h => h.Score));
                var sampled = Generate.Sample(m, m.Start(src), 1, 2, 20, new SamplingOptions(Temperature: 0.8), new Generator(seed + s));
                Assert.Equal(Generate.Sample(batched, m.Start(src), 1, 2, 20, new SamplingOptions(Temperature: 0.8), new Generator(seed + s)).Tokens, sampled.Tokens);
            }
        }
    }
}
