using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;
using Xunit.Abstractions;

namespace Workbench.Tests.Decoding;

/// <summary>
/// The matrix-vector decoding step (batch 1 and small beams) against the batched GEMM path of the same model.
/// Tolerance: the two sum each product in a different order (GEMM: one fused multiply-add chain down the inner
/// dimension per output; MatVec: vector lanes, then their sum), so a product of n terms of size |w||x| differs by a few
/// float32 ulps times √n; through a few recurrent steps and a log-softmax that stays below <see cref="Tol"/> in
/// log-probability (measured: a few 1e-7 at these sizes, printed by each test). Token sequences must be identical.
/// </summary>
public class MatVecStepTests(ITestOutputHelper output)
{
    /// <summary>Largest allowed |Δ log p| between the two paths (float32 rounding, see the class comment).</summary>
    const double Tol = 2e-5;

    public static TheoryData<CellKind, int, int, int> LmConfigs => new()
    {
        { CellKind.RnnTanh, 1, 37, 50 },
        { CellKind.RnnRelu, 2, 64, 65 },
        { CellKind.Gru, 1, 64, 65 },
        { CellKind.Gru, 2, 45, 30 },
        { CellKind.Lstm, 1, 128, 65 },
        { CellKind.Lstm, 2, 64, 40 },
        { CellKind.Lstm, 3, 48, 65 },   // a deep stack
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
        double worst = 0;
        foreach (int rows in new[] { 1, 5, MatVec.MaxRows })
        {
            LanguageModelState fast = m.InitialState(rows), slow = m.InitialState(rows);
            for (int t = 0; t < 12; t++)
            {
                var tokens = Enumerable.Range(0, rows).Select(_ => g.NextInt(vocab)).ToArray();
                var (lpFast, nextFast) = m.Step(fast, tokens);
                var (lpSlow, nextSlow) = batched.Step(slow, tokens);
                worst = Math.Max(worst, BatchedStep.MaxDiff(lpFast, lpSlow));
                Assert.True(BatchedStep.MaxDiff(nextFast.H.ToArray(), nextSlow.H.ToArray()) <= Tol, $"a<t> differs at step {t}, {rows} rows");
                if (cell == CellKind.Lstm) Assert.True(BatchedStep.MaxDiff(nextFast.C!.ToArray(), nextSlow.C!.ToArray()) <= Tol, $"c<t> differs at step {t}");
                (fast, slow) = (nextFast, nextSlow);
            }
        }
        output.WriteLine($"{cell} x{layers} H={hidden}: max |Δ log p| {worst:E2}");
        Assert.True(worst <= Tol, $"max |Δ log p| {worst:E2} above {Tol:E0}");
        Assert.True(worst > 0 || hidden < 8, "the two paths agree to the bit: is the matrix-vector path being taken?");
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
            Assert.Equal(sampledRef.LogProb, sampled.LogProb, 3);

            var beam = new BeamOptions(Width: 5, MaxLength: 15, NBest: 5);
            var beams = Generate.BeamSearch(m, m.InitialState(), 0, eos: 3, beam);
            var beamsRef = Generate.BeamSearch(batched, m.InitialState(), 0, 3, beam);
            Assert.Equal(beamsRef.Select(h => h.Tokens), beams.Select(h => h.Tokens));
            for (int i = 0; i < beams.Count; i++) Assert.Equal(beamsRef[i].Score, beams[i].Score, 3);
        }
    }

    [Fact]
    public void MoreRowsThanMaxRowsTakeTheBatchedPathExactly()
    {
        var m = Lm(CellKind.Lstm, 2, 40, 30, seed: 4);
        int rows = MatVec.MaxRows + 1;
        var tokens = Enumerable.Range(0, rows).Select(i => i % 30).ToArray();
        var (lp, next) = m.Step(m.InitialState(rows), tokens);
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
        var (lpA, _) = a.Step(a.InitialState(), [5]);
        var (lpB, _) = new BatchedStep.Lm(b).Step(b.InitialState(), [5]);
        Assert.Equal(lpB, lpA);
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
        double worst = 0;
        foreach (int rows in new[] { 1, 4 })
        {
            var start = m.Start(Source(g)).Select(new int[rows]);
            Seq2SeqState fast = start, slow = start;
            for (int t = 0; t < 10; t++)
            {
                var tokens = Enumerable.Range(0, rows).Select(_ => 1 + g.NextInt(28)).ToArray();
                var (lpFast, nextFast) = m.Step(fast, tokens);
                var (lpSlow, nextSlow) = batched.Step(slow, tokens);
                worst = Math.Max(worst, BatchedStep.MaxDiff(lpFast, lpSlow));
                Assert.True(BatchedStep.MaxDiff(nextFast.H.ToArray(), nextSlow.H.ToArray()) <= Tol, $"s<t> differs at step {t}");
                Assert.Equal(nextSlow.Feed is null, nextFast.Feed is null);
                if (feeding) Assert.True(BatchedStep.MaxDiff(nextFast.Feed!.ToArray(), nextSlow.Feed!.ToArray()) <= Tol, $"h̃<t> differs at step {t}");
                Assert.Equal(nextSlow.AttentionWeights?.Shape, nextFast.AttentionWeights?.Shape);
                if (attention != AttentionKind.None)
                    Assert.True(BatchedStep.MaxDiff(nextFast.AttentionWeights!.ToArray(), nextSlow.AttentionWeights!.ToArray()) <= Tol, $"α<t> differs at step {t}");
                (fast, slow) = (nextFast, nextSlow);
            }
        }
        output.WriteLine($"{cell} {attention} feeding={feeding} x{layers} bi={bi}: max |Δ log p| {worst:E2}");
        Assert.True(worst <= Tol, $"max |Δ log p| {worst:E2} above {Tol:E0}");
        Assert.True(worst > 0, "the two paths agree to the bit: is the matrix-vector path being taken?");
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
                for (int i = 0; i < beams.Count; i++) Assert.Equal(beamsRef[i].Score, beams[i].Score, 3);
                var sampled = Generate.Sample(m, m.Start(src), 1, 2, 20, new SamplingOptions(Temperature: 0.8), new Generator(seed + s));
                Assert.Equal(Generate.Sample(batched, m.Start(src), 1, 2, 20, new SamplingOptions(Temperature: 0.8), new Generator(seed + s)).Tokens, sampled.Tokens);
            }
        }
    }
}
