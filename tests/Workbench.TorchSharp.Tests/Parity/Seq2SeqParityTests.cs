using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Seq2Seq;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>
/// The encoder-decoder in both engines with the same weights, on padded batches of different source and target
/// lengths: the decoder is fed the same tokens (teacher-forcing coins drawn in the same order from the same seed), and
/// logits, attention weights, loss and every parameter gradient agree within 1e-5 relative, for every attention kind,
/// bidirectional and deep encoders, input feeding, source reversal and teacher-forcing ratios 1, 0.5 and 0.
/// </summary>
public class Seq2SeqParityTests
{
    internal const int SourceVocab = 13, TargetVocab = 11;

    /// <summary>Pairs with the given source and target lengths over non-special ids (&lt;pad&gt; 0 .. &lt;eos&gt; 3 are special).</summary>
    internal static List<(int[] Source, int[] Target)> Pairs(Generator g, int[] sourceLengths, int[] targetLengths) =>
        sourceLengths.Zip(targetLengths, (s, t) => (
            Enumerable.Range(0, s).Select(_ => 4 + g.NextInt(SourceVocab - 4)).ToArray(),
            Enumerable.Range(0, t).Select(_ => 4 + g.NextInt(TargetVocab - 4)).ToArray())).ToList();

    internal static Seq2SeqConfig Config(CellKind cell, int layers, bool bidirectional, AttentionKind attention, bool inputFeeding = false,
        bool reverse = false, int attentionSize = 0) =>
        new(cell, SourceVocab, TargetVocab, EmbeddingDim: 5, HiddenSize: 6, NumLayers: layers, Bidirectional: bidirectional,
            Attention: attention, AttentionSize: attentionSize, InputFeeding: inputFeeding, ReverseSource: reverse);

    /// <summary>
    /// A workbench model drawn from <paramref name="g"/>, with additive attention's W_q, W_k and v redrawn from U(-2, 2).
    /// At the small initial range the additive scores are nearly linear in the query, and the query's term is the same
    /// for every source position, so the softmax all but cancels W_q's gradient: it is a small difference of large terms,
    /// and float32 rounding alone leaves the two engines 1e-5 to 4e-5 (relative) apart on it. With weights of order 1
    /// the scores are nonlinear in the query, W_q's gradient has the size of the others, and the engines agree within
    /// 1e-5 like every other tensor (at U(-1, 1) a deep bidirectional LSTM still showed 1.3e-5 to 2.8e-5).
    /// </summary>
    internal static Seq2SeqModel Model(Seq2SeqConfig config, Generator g)
    {
        var model = new Seq2SeqModel(config, g);
        if (model.Decoder.Attention is { Kind: AttentionKind.Additive } a)
            foreach (var p in a.Parameters()) Init.Uniform(p, -2f, 2f, g);
        return model;
    }

    public static TheoryData<CellKind, int, bool, AttentionKind, bool, bool, double> Cases => new()
    {
        // cell, layers, bidirectional, attention, input feeding, reversed source, teacher-forcing ratio
        { CellKind.Lstm, 2, true, AttentionKind.Additive, false, false, 1.0 },
        { CellKind.Lstm, 2, true, AttentionKind.Additive, false, false, 0.5 },
        { CellKind.Lstm, 2, true, AttentionKind.Additive, false, false, 0.0 },
        { CellKind.Gru, 1, true, AttentionKind.General, true, false, 0.5 },
        { CellKind.Gru, 2, false, AttentionKind.Dot, false, true, 1.0 },
        { CellKind.RnnTanh, 2, false, AttentionKind.Dot, true, false, 0.0 },
        { CellKind.Lstm, 1, false, AttentionKind.None, false, true, 0.5 },
        { CellKind.Gru, 2, true, AttentionKind.None, false, false, 0.0 },
        { CellKind.RnnRelu, 1, true, AttentionKind.General, false, true, 1.0 },
        { CellKind.Lstm, 1, true, AttentionKind.Additive, true, true, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameWeightsGiveTheSameLogitsAttentionLossAndGradients(CellKind cell, int layers, bool bidirectional, AttentionKind attention,
        bool inputFeeding, bool reverse, double ratio)
    {
        var g = new Generator(100 + layers * 10 + (int)attention);
        var wb = Model(Config(cell, layers, bidirectional, attention, inputFeeding, reverse, attentionSize: 4), g);
        using var ts = TorchSeq2SeqModel.From(wb);
        var batch = Seq2SeqBatch.Create(Pairs(g, [5, 2, 7, 3], [4, 6, 1, 3]), wb.Config.PadId, wb.Config.EosId);

        var wbOut = wb.Forward(batch, ratio, new Generator(7));
        var wbLoss = wb.Loss(batch, ratio, new Generator(7));
        wbLoss.Loss.Backward();
        var tsOut = ts.Forward(batch, ratio, new Generator(7));
        var tsLoss = ts.Loss(batch, ratio, new Generator(7));
        tsLoss.Loss.backward();

        Assert.Equal(wbOut.DecoderInputs, tsOut.DecoderInputs);
        if (ratio < 1) Assert.Contains(Enumerable.Range(0, wbOut.DecoderInputs.Length), i => wbOut.DecoderInputs[i] != Fed(batch, i));
        else Assert.All(Enumerable.Range(0, wbOut.DecoderInputs.Length), i => Assert.Equal(Fed(batch, i), wbOut.DecoderInputs[i]));
        Close.Check(tsOut.Logits.ToFloatArray(), wbOut.Logits.ToArray(), "logits");
        Assert.Equal(wbOut.AttentionWeights is null, tsOut.AttentionWeights is null);
        if (wbOut.AttentionWeights is not null) Close.Check(tsOut.AttentionWeights!.ToFloatArray(), wbOut.AttentionWeights.ToArray(), "attention weights");
        Assert.Equal(wbLoss.Tokens, tsLoss.Tokens);
        Close.Check([tsLoss.Loss.item<float>()], [wbLoss.Loss.Item()], "loss");
        LanguageModelParityTests.AssertSameGradients(wb, ts);
    }

    /// <summary>The teacher-forced input at flat position i of the target batch: &lt;bos&gt; then the gold token before it.</summary>
    static int Fed(Seq2SeqBatch batch, int i)
    {
        int t = i % batch.Target.Length;
        return t == 0 ? 2 : batch.Target.Ids[i - 1];
    }

    [Fact]
    public void TheStateDictNamesAreTheWorkbenchNames()
    {
        var wb = new Seq2SeqModel(Config(CellKind.Lstm, 2, true, AttentionKind.Additive, inputFeeding: true), new Generator(1));
        using var ts = TorchSeq2SeqModel.From(wb);
        var names = ts.state_dict().Keys.Order().ToArray();
        Assert.Equal(wb.StateDict().Keys.Order(), names);
        Assert.Contains("encoder.rnn.weight_hh_l1_reverse", names);
        Assert.Contains("bridge.c.bias", names);
        Assert.Contains("decoder.attention.W_q.weight", names);
        Assert.Contains("decoder.combine.weight", names);
        Assert.Contains("decoder.out.bias", names);
    }

    [Fact]
    public void DropoutActsInTrainingModeOnlyAndEvalModeAgrees()
    {
        var cfg = Config(CellKind.Gru, 2, true, AttentionKind.General) with { Dropout = 0.4f };
        var g = new Generator(5);
        var wb = new Seq2SeqModel(cfg, g);
        using var ts = TorchSeq2SeqModel.From(wb);
        var batch = Seq2SeqBatch.Create(Pairs(g, [4, 6], [5, 2]), cfg.PadId, cfg.EosId);
        wb.Eval();
        ts.eval();
        var evalLogits = ts.Forward(batch).Logits.ToFloatArray();
        Close.Check(evalLogits, wb.Forward(batch).Logits.ToArray(), "eval-mode logits");
        ts.train();
        var a = ts.Forward(batch).Logits.ToFloatArray();
        Assert.True(Close.RelativeError(a, evalLogits) > 1e-2, "training mode should drop units");
    }

    [Fact]
    public void BadInputIsRefusedWithAClearMessage()
    {
        using var ts = new TorchSeq2SeqModel(Config(CellKind.Gru, 1, false, AttentionKind.Dot), new Generator(1));
        var batch = Seq2SeqBatch.Create(new List<(int[], int[])> { ([4, 5], [6]), ([], [7]) }, 0, 3);
        Assert.Contains("sequence 1 of the batch is empty", Assert.Throws<ArgumentException>(() => ts.Forward(batch)).Message);
        var good = Seq2SeqBatch.Create(new List<(int[], int[])> { ([4, 5], [6]) }, 0, 3);
        Assert.Contains("pass a Generator", Assert.Throws<ArgumentNullException>(() => ts.Forward(good, 0.5)).Message);
        Assert.Contains("teacher forcing: the ratio must be in [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => ts.Forward(good, 1.5)).Message);
        Assert.Contains("1 tokens for a state of 2 rows", Assert.Throws<ArgumentException>(() => ts.Step(ts.Start([4, 5]).Select([0, 0]), [2])).Message);
        Assert.Contains("no CUDA GPU", Assert.Throws<InvalidOperationException>(() => new TorchSeq2SeqModel(ts.Config, new Generator(1), "cuda")).Message);
    }
}
