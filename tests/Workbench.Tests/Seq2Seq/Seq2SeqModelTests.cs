using Workbench.Data;
using Workbench.Autograd;
using Workbench.Checkpoints;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

public class Seq2SeqModelTests
{
    static Seq2SeqBatch Batch() => Seq2SeqBatch.Create([([3, 4, 5, 6], [7, 8]), ([9, 3], [4, 5, 6, 7]), ([5, 5, 8], [3])], ToyTasks.Pad, ToyTasks.Eos);

    [Fact]
    public void ReversalReversesTheValidPartAndKeepsPaddingAtTheEnd()
    {
        var p = SequenceBatch.Pad([[1, 2, 3], [4, 5], [6]], padId: 0);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 0, 6, 0, 0 }, p.Ids);
        Assert.Equal(new[] { 3, 2, 1, 5, 4, 0, 6, 0, 0 }, p.ReverseValid().Ids);
        Assert.Equal(new[] { 3, 2, 1 }, p.Lengths);
    }

    [Fact]
    public void AReversingEncoderEqualsAPlainEncoderOnHandReversedInput()
    {
        var a = new Encoder(new EncoderConfig(CellKind.Gru, 10, 4, 5, ReverseInput: true, PaddingIdx: 0), new Generator(2));
        var b = new Encoder(new EncoderConfig(CellKind.Gru, 10, 4, 5, PaddingIdx: 0), new Generator(2));
        var ra = a.Forward(SequenceBatch.Pad([[3, 4, 5, 6], [7, 8]], 0));
        var rb = b.Forward(SequenceBatch.Pad([[6, 5, 4, 3], [8, 7]], 0));
        Assert.Equal(rb.Output.ToArray(), ra.Output.ToArray());
        Assert.Equal(rb.HN.ToArray(), ra.HN.ToArray());
    }

    [Fact]
    public void ParameterNamesFollowPyTorchStateDictStyle()
    {
        var m = new Seq2SeqModel(new Seq2SeqConfig(CellKind.Lstm, 7, 9, 4, 5, Bidirectional: true, Attention: AttentionKind.Additive), new Generator(1));
        var names = m.StateDict().Keys.ToHashSet();
        foreach (var n in new[] { "encoder.embedding.weight", "encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0_reverse",
                     "bridge.h.weight", "bridge.c.bias", "decoder.embedding.weight", "decoder.rnn.bias_hh_l0",
                     "decoder.attention.W_q.weight", "decoder.attention.W_k.weight", "decoder.attention.v.weight",
                     "decoder.combine.weight", "decoder.out.weight", "decoder.out.bias" })
            Assert.Contains(n, names);
        // Linear weights are [out, in]: W_k maps the 2 * 5 bidirectional key to the attention size (= hidden 5).
        Assert.Equal(new[] { 5, 10 }, m.StateDict()["decoder.attention.W_k.weight"].Shape);
        Assert.Equal(new[] { 5, 10 }, m.StateDict()["bridge.c.weight"].Shape);
        Assert.Equal(new[] { 20, 4 }, m.StateDict()["decoder.rnn.weight_ih_l0"].Shape);   // 4 LSTM gates x hidden 5, embedding 4
    }

    [Fact]
    public void DotAttentionWithABidirectionalEncoderIsRejectedWithAClearMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new Seq2SeqModel(new Seq2SeqConfig(CellKind.Gru, 7, 9, 4, 5, Bidirectional: true, Attention: AttentionKind.Dot)));
        Assert.Contains("query size 5 must equal key size 10", e.Message);
    }

    public static TheoryData<CellKind, bool, AttentionKind, bool, bool, int> Configs => new()
    {
        { CellKind.Gru, true, AttentionKind.Additive, false, true, 1 },
        { CellKind.Lstm, false, AttentionKind.General, true, false, 2 },
        { CellKind.RnnTanh, false, AttentionKind.Dot, false, false, 1 },
        { CellKind.Lstm, true, AttentionKind.None, false, false, 1 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void TheLossGradientMatchesFiniteDifferencesEndToEnd(CellKind cell, bool bi, AttentionKind att, bool feeding, bool reverse, int layers)
    {
        var m = new Seq2SeqModel(new Seq2SeqConfig(cell, 10, 10, 3, 4, layers, bi, att, 3, feeding, reverse), new Generator(7));
        var batch = Batch();
        var result = GradCheck.Check(_ => m.Loss(batch).Loss, m.Parameters().ToArray());
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TeacherForcedLogitsEqualAStepByStepUnrollOnGoldTokens(bool inputFeeding)
    {
        // Ratio 1 without input feeding runs the whole target in one pass; the step decoder runs one token at a
        // time from each sentence alone. They must agree (and padding in the batch must not leak).
        var m = new Seq2SeqModel(ToyTasks.Config(CellKind.Lstm, AttentionKind.General, 6) with { InputFeeding = inputFeeding }, new Generator(3));
        var batch = Batch();
        var o = m.Forward(batch);
        var lp = o.Logits.LogSoftmax(-1);
        int ty = batch.Target.Length, v = ToyTasks.Vocab;
        for (int b = 0; b < batch.BatchSize; b++)
        {
            var target = batch.Target.Row(b);
            Assert.Equal(ToyTasks.Bos, o.DecoderInputs[b * ty]);
            var state = m.Start(batch.Source.Row(b));
            int prev = ToyTasks.Bos;
            for (int t = 0; t < target.Length; t++)
            {
                if (t > 0) Assert.Equal(target[t - 1], o.DecoderInputs[b * ty + t]);
                var (stepLp, next) = m.Step(state, [prev]);
                for (int k = 0; k < v; k++) Assert.Equal(stepLp[k], lp[b, t, k], 4);
                for (int j = 0; j < batch.Source.Lengths[b]; j++) Assert.Equal(next.AttentionWeights![0, 0, j], o.AttentionWeights![b, t, j], 5);
                state = next; prev = target[t];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void TheDecoderCalledOneStepAtATimeGivesTheSameLogitsLossAndGradientsAsOneCall(CellKind cell, bool bi, AttentionKind att, bool feeding, bool reverse, int layers)
    {
        // d2l's interface: Forward(tokens, state) -> (logits, state). Feeding the decoder inputs one column at a time,
        // carrying the state, must be the same computation as the model's single call over the whole target.
        var cfg = new Seq2SeqConfig(cell, 10, 10, 3, 4, layers, bi, att, 3, feeding, reverse);
        var a = new Seq2SeqModel(cfg, new Generator(7));
        var b = new Seq2SeqModel(cfg, new Generator(7));
        var batch = Batch();
        var whole = a.Forward(batch);
        var lossA = Functional.CrossEntropy(whole.Logits.Reshape(-1, 10), batch.Target.Ids, ignoreIndex: ToyTasks.Pad);
        lossA.Backward();

        var state = b.Encode(batch.Source);
        var fed = new SequenceBatch(whole.DecoderInputs, batch.BatchSize, batch.Target.Length, batch.Target.Lengths, ToyTasks.Pad);
        var steps = new List<Tensor>();
        for (int t = 0; t < fed.Length; t++)
        {
            Tensor logits;
            (logits, state) = b.Decoder.Forward(fed.Steps(t, 1), state);
            Assert.Equal([batch.BatchSize, 1, 10], logits.Shape);
            if (att != AttentionKind.None) Assert.Equal([batch.BatchSize, 1, batch.Source.Length], state.AttentionWeights!.Shape);
            steps.Add(logits);
        }
        var stepped = Tensor.Cat(steps, 1);
        var lossB = Functional.CrossEntropy(stepped.Reshape(-1, 10), batch.Target.Ids, ignoreIndex: ToyTasks.Pad);
        lossB.Backward();
        Assert.Equal(lossA.Item(), lossB.Item(), 5);
        var la = whole.Logits.ToArray(); var lb = stepped.ToArray();
        for (int i = 0; i < la.Length; i++) Assert.True(Math.Abs(la[i] - lb[i]) <= 1e-5f * (1 + Math.Abs(la[i])), $"logit {i}: {la[i]} vs {lb[i]}");
        var gb = b.StateDict();
        foreach (var (name, p) in a.NamedParameters())
        {
            var ga = p.Grad!.ToArray(); var g2 = gb[name].Grad!.ToArray();
            for (int i = 0; i < ga.Length; i++)
                Assert.True(Math.Abs(ga[i] - g2[i]) <= 1e-5f * (1 + Math.Abs(ga[i])), $"grad {name}[{i}]: one call {ga[i]}, step by step {g2[i]}");
        }
    }

    [Fact]
    public void TheDecoderRefusesAStateOfAnotherBatchOrWithoutMemory()
    {
        var m = new Seq2SeqModel(ToyTasks.Config(CellKind.Gru, AttentionKind.Dot, 6), new Generator(1));
        var state = m.Encode(Batch().Source);                               // 3 rows
        var e = Assert.Throws<ArgumentException>(() => m.Decoder.Forward(SequenceBatch.OneStep([1, 1]), state));
        Assert.Contains("2 token rows for a state of 3 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Decoder.Forward(SequenceBatch.OneStep([1, 1, 1]), state with { Memory = null }));
        Assert.Contains("needs the encoder's memory", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Step(state, [1]));
        Assert.Contains("1 tokens for a state of 3 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => new RecurrentDecoder(new DecoderConfig(CellKind.Gru, 10, 3, 4, 4, InputFeeding: true)));
        Assert.Contains("needs attention", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Encode(SequenceBatch.Pad([[3, 4], []], 0)));
        Assert.Contains("sequence 1 of the batch is empty", e.Message);
    }

    [Fact]
    public void CoinsAreGoldAtStepZeroAndDrawnOnlyBetweenZeroAndOne()
    {
        var g = new Generator(3);
        var all = TeacherForcing.Coins(2, 4, 1.0, g);
        var none = TeacherForcing.Coins(2, 4, 0.0, null);
        for (int r = 0; r < 2; r++)
            for (int t = 0; t < 4; t++) { Assert.True(all[r, t]); Assert.Equal(t == 0, none[r, t]); }
        Assert.Equal(new Generator(3).NextDouble(), g.NextDouble());         // ratios 1 and 0 draw nothing
        var half = TeacherForcing.Coins(2, 200, 0.5, new Generator(4));
        int goldCount = 0;
        for (int r = 0; r < 2; r++) for (int t = 1; t < 200; t++) goldCount += half[r, t] ? 1 : 0;
        Assert.InRange(goldCount, 150, 250);                                 // 398 fair coins
        var expected = new Generator(4);                                      // step-major order: (t=1, r=0), (t=1, r=1), ...
        Assert.Equal(expected.NextDouble() < 0.5, half[0, 1]);
        Assert.Equal(expected.NextDouble() < 0.5, half[1, 1]);
        Assert.Equal(expected.NextDouble() < 0.5, half[0, 2]);
        Assert.Throws<ArgumentNullException>(() => TeacherForcing.Coins(2, 3, 0.5, null));
    }

    [Fact]
    public void WithRatioZeroTheDecoderRunsOnItsOwnGreedyPredictions()
    {
        var m = new Seq2SeqModel(ToyTasks.Config(CellKind.Gru, AttentionKind.Additive, 8), new Generator(9));
        var batch = Batch();
        var o = m.Forward(batch, teacherForcingRatio: 0.0);
        int ty = batch.Target.Length, v = ToyTasks.Vocab;
        var lp = o.Logits.LogSoftmax(-1);
        for (int b = 0; b < batch.BatchSize; b++)
        {   // manual greedy unroll of this sentence alone, as long as the padded target
            var state = m.Start(batch.Source.Row(b));
            int prev = ToyTasks.Bos;
            for (int t = 0; t < ty; t++)
            {
                Assert.Equal(prev, o.DecoderInputs[b * ty + t]);
                var (stepLp, next) = m.Step(state, [prev]);
                for (int k = 0; k < v; k++) Assert.Equal(stepLp[k], lp[b, t, k], 4);
                prev = Enumerable.Range(0, v).MaxBy(k => stepLp[k]);
                state = next;
            }
        }
        // An untrained model's own predictions differ from the gold targets somewhere.
        Assert.NotEqual(m.Forward(batch, 1.0).DecoderInputs, o.DecoderInputs);
    }

    [Fact]
    public void PartialTeacherForcingIsReproducibleAndMixesGoldAndPredictedTokens()
    {
        var m = new Seq2SeqModel(ToyTasks.Config(CellKind.Gru, AttentionKind.Dot, 8), new Generator(9));
        var batch = Seq2SeqBatch.Create(ToyTasks.Pairs(new Generator(2), 16, ToyTasks.Reverse), ToyTasks.Pad, ToyTasks.Eos);
        var a = m.Forward(batch, 0.5, new Generator(42));
        var b = m.Forward(batch, 0.5, new Generator(42));
        Assert.Equal(a.DecoderInputs, b.DecoderInputs);
        Assert.Equal(a.Logits.ToArray(), b.Logits.ToArray());
        var gold = m.Forward(batch, 1.0).DecoderInputs;
        var own = a.Logits.ArgmaxIndices(-1);
        int ty = batch.Target.Length, fromGold = 0, fromModel = 0;
        for (int r = 0; r < batch.BatchSize; r++)
            for (int t = 1; t < ty; t++)
            {
                int x = a.DecoderInputs[r * ty + t];
                bool isGold = x == gold[r * ty + t], isOwn = x == own[r * ty + t - 1];
                Assert.True(isGold || isOwn, $"row {r} step {t}: input {x} is neither gold nor the model's prediction");
                if (isGold && !isOwn) fromGold++;
                if (isOwn && !isGold) fromModel++;
            }
        Assert.True(fromGold > 10 && fromModel > 10, $"gold-only {fromGold}, model-only {fromModel}");
        Assert.Throws<ArgumentNullException>(() => m.Forward(batch, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Forward(batch, 1.5));
    }

    [Fact]
    public void TrainingFeedsEachEpochsRatioToThatEpochsBatches()
    {
        var pairs = ToyTasks.Pairs(new Generator(2), 48, ToyTasks.Reverse);
        var cfg = ToyTasks.Config(CellKind.Gru, AttentionKind.None, 8);
        (Workbench.Training.TrainingHistory History, float[] Weights) Run(Func<int, double> schedule)
        {
            var m = new Seq2SeqModel(cfg, new Generator(1));
            var h = Seq2SeqTraining.Train(m, pairs, null, new Seq2SeqTrainingOptions(Epochs: 2, BatchSize: 16, TeacherForcing: schedule), new Generator(5));
            return (h, m.Parameters().SelectMany(p => p.ToArray()).ToArray());
        }
        var asked = new List<int>();
        var gold = Run(e => { asked.Add(e); return 1.0; });
        Assert.Equal([1, 2], asked);                                                   // once per epoch, in order
        var decaying = Run(TeacherForcing.Linear(1.0, 0.0, 2));                        // 1 in epoch 1, 0 in epoch 2
        Assert.Equal(gold.History.Records[0].TrainLoss, decaying.History.Records[0].TrainLoss);
        Assert.NotEqual(gold.History.Records[1].TrainLoss, decaying.History.Records[1].TrainLoss);
        Assert.Equal(decaying.Weights, Run(TeacherForcing.Linear(1.0, 0.0, 2)).Weights);   // same seed, same run
        Assert.Equal(Run(TeacherForcing.Constant(0.5)).Weights, Run(TeacherForcing.Constant(0.5)).Weights);
    }

    [Fact]
    public void TeacherForcingSchedules()
    {
        var lin = TeacherForcing.Linear(1.0, 0.2, 5);
        Assert.Equal([1.0, 0.8, 0.6, 0.4, 0.2, 0.2], Enumerable.Range(1, 6).Select(e => Math.Round(lin(e), 10)));
        var inv = TeacherForcing.InverseSigmoid(10);
        Assert.Equal(10 / (10 + Math.Exp(0.1)), inv(1), 12);
        Assert.True(inv(50) < inv(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherForcing.Constant(-0.1));
    }

    [Fact]
    public void ConfigRoundTripsThroughJson()
    {
        var cfg = new Seq2SeqConfig(CellKind.Gru, 100, 120, Bidirectional: true, Attention: AttentionKind.Additive, ReverseSource: true);
        Assert.Contains("\"Additive\"", cfg.ToJson());
        Assert.Equal(cfg, Seq2SeqConfig.FromJson(cfg.ToJson()));
        Assert.Throws<ArgumentException>(() => new Seq2SeqModel(cfg with { BosId = 0 }));
    }

    [Fact]
    public void ACheckpointRebuildsTheSameTranslator()
    {
        var cfg = ToyTasks.Config(CellKind.Lstm, AttentionKind.Additive, 6) with { Bidirectional = true, InputFeeding = true };
        var a = new Seq2SeqModel(cfg, new Generator(1));
        a.Eval();
        var dir = Directory.CreateTempSubdirectory("wb-s2s-").FullName;
        try
        {
            var path = Path.Combine(dir, "m.safetensors");
            Checkpoint.Save(path, a, metadata: new Dictionary<string, string> { ["config"] = cfg.ToJson() });
            var b = new Seq2SeqModel(cfg, new Generator(2));   // different initial weights
            var meta = Checkpoint.Load(path, b);
            Assert.Equal(cfg, Seq2SeqConfig.FromJson(meta["config"]));
            b.Eval();
            int[] src = [3, 9, 4, 4, 7];
            var ta = a.Translate(src, new Workbench.Decoding.BeamOptions(Width: 3, MaxLength: 8));
            var tb = b.Translate(src, new Workbench.Decoding.BeamOptions(Width: 3, MaxLength: 8));
            Assert.Equal(ta.Best.Tokens, tb.Best.Tokens);
            Assert.Equal(ta.Best.LogProb, tb.Best.LogProb, 10);
            Assert.Equal(ta.AttentionWeights!.Cast<float>(), tb.AttentionWeights!.Cast<float>());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AlignReportsAttentionInTheOriginalSourceOrderWhenTheSourceIsReversed()
    {
        var m = new Seq2SeqModel(ToyTasks.Config(CellKind.Gru, AttentionKind.Dot, 6) with { ReverseSource = true }, new Generator(12));
        int[] src = [3, 4, 5, 6, 7], tgt = [8, 9, 3];
        var forward = m.Forward(Seq2SeqBatch.Create([(src, tgt)], ToyTasks.Pad, ToyTasks.Eos));   // columns in reading order
        var align = m.Align(src, tgt)!;
        for (int i = 0; i < tgt.Length; i++)
            for (int j = 0; j < src.Length; j++)
                Assert.Equal(forward.AttentionWeights![0, i, src.Length - 1 - j], align[i, j], 5);
    }

    [Fact]
    public void DefaultSpecialIdsAreTheVocabularys()
    {
        // A model built over the library's vocabularies must not need its ids spelled out.
        var vocab = Workbench.Tokenization.Vocabulary.FromTokens(["a", "b"]);
        var cfg = new Seq2SeqConfig(CellKind.Gru, vocab.Count, vocab.Count);
        Assert.Equal((vocab.PadId, vocab.BosId, vocab.EosId), (cfg.PadId, cfg.BosId, cfg.EosId));
    }
}
