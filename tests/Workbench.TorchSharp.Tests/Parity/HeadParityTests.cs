using Workbench.Data;
using Workbench.Heads;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Heads;
using Workbench.TorchSharp.Interop;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>The tagging and classification heads in both engines with the same weights, on padded batches of
/// different lengths: logits, loss and every parameter gradient agree within 1e-5 relative, bidirectional and deep
/// layers included.</summary>
public class HeadParityTests
{
    const int Vocab = 11, PadId = 0;

    /// <summary>Sequences of the given lengths over ids 1..Vocab-1 (0 is padding).</summary>
    static int[][] Sequences(Generator g, params int[] lengths) =>
        lengths.Select(n => Enumerable.Range(0, n).Select(_ => 1 + g.NextInt(Vocab - 1)).ToArray()).ToArray();

    [Theory]
    [InlineData(CellKind.Lstm, 2, true, new[] { 5, 2, 7, 1 })]
    [InlineData(CellKind.Gru, 1, true, new[] { 3, 6, 6 })]
    [InlineData(CellKind.RnnTanh, 2, false, new[] { 4, 1, 3 })]
    [InlineData(CellKind.Lstm, 1, false, new[] { 2, 2 })]
    [InlineData(CellKind.RnnRelu, 3, true, new[] { 1, 8, 4, 6, 2 })]
    public void TaggerAgrees(CellKind cell, int layers, bool bidirectional, int[] lengths)
    {
        var g = new Generator(40 + layers);
        var wb = new SequenceTagger(new SequenceTaggerConfig(cell, Vocab, NumTags: 5, EmbeddingDim: 6, HiddenSize: 7, NumLayers: layers, Bidirectional: bidirectional, PadId: PadId), g);
        using var ts = TorchSequenceTagger.From(wb);
        var sequences = Sequences(g, lengths);
        var x = SequenceBatch.Pad(sequences, PadId);
        var tags = lengths.Select(n => Enumerable.Range(0, n).Select(_ => g.NextInt(5)).ToArray()).ToArray();

        var wbLoss = wb.Loss(x, tags);
        wbLoss.Loss.Backward();
        var tsLoss = ts.Loss(x, tags);
        tsLoss.Loss.backward();

        Assert.Equal(wbLoss.Tokens, tsLoss.Tokens);
        Close.Check(ts.forward(x).ToFloatArray(), wb.Forward(x).ToArray(), "tag logits");
        Close.Check([tsLoss.Loss.item<float>()], [wbLoss.Loss.Item()], "loss");
        LanguageModelParityTests.AssertSameGradients(wb, ts);
        Assert.Equal(wb.Predict(sequences), ts.Predict(sequences));
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2, true, Pooling.Final, new[] { 5, 2, 7, 1 })]
    [InlineData(CellKind.Lstm, 1, true, Pooling.Mean, new[] { 3, 6, 2 })]
    [InlineData(CellKind.Gru, 2, false, Pooling.Final, new[] { 4, 4, 1 })]
    [InlineData(CellKind.Gru, 1, true, Pooling.Mean, new[] { 2, 9 })]
    [InlineData(CellKind.RnnTanh, 3, true, Pooling.Final, new[] { 6, 3, 3, 1, 5 })]
    public void ClassifierAgrees(CellKind cell, int layers, bool bidirectional, Pooling pooling, int[] lengths)
    {
        var g = new Generator(70 + layers);
        var wb = new SequenceClassifier(new SequenceClassifierConfig(cell, Vocab, NumClasses: 3, EmbeddingDim: 5, HiddenSize: 6, NumLayers: layers, Bidirectional: bidirectional, Pooling: pooling, PadId: PadId), g);
        using var ts = TorchSequenceClassifier.From(wb);
        var sequences = Sequences(g, lengths);
        var x = SequenceBatch.Pad(sequences, PadId);
        var labels = lengths.Select(_ => g.NextInt(3)).ToArray();

        var wbLoss = wb.Loss(x, labels);
        wbLoss.Loss.Backward();
        var tsLoss = ts.Loss(x, labels);
        tsLoss.Loss.backward();

        Close.Check(ts.forward(x).ToFloatArray(), wb.Forward(x).ToArray(), "class logits");
        Close.Check([tsLoss.Loss.item<float>()], [wbLoss.Loss.Item()], "loss");
        LanguageModelParityTests.AssertSameGradients(wb, ts);
        Assert.Equal(wb.Predict(sequences), ts.Predict(sequences));
    }

    [Fact]
    public void PaddingChangesNothingInTheTorchEngine()
    {
        // The same two sequences alone and padded next to a long one give the same logits on their valid steps.
        var g = new Generator(3);
        using var ts = new TorchSequenceTagger(new SequenceTaggerConfig(CellKind.Lstm, Vocab, 4, 5, 6, NumLayers: 2, Bidirectional: true), g);
        var seqs = Sequences(g, 3, 2);
        var alone = ts.forward(SequenceBatch.Pad(seqs, PadId)).ToFloatArray();      // [2, 3, 4]
        var padded = ts.forward(SequenceBatch.Pad([.. seqs, Sequences(g, 9)[0]], PadId)).ToFloatArray();   // [3, 9, 4]
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < seqs[b].Length; t++)
                Close.Check(padded.AsSpan((b * 9 + t) * 4, 4).ToArray(), alone.AsSpan((b * 3 + t) * 4, 4).ToArray(), $"row {b} step {t}");
    }
}
