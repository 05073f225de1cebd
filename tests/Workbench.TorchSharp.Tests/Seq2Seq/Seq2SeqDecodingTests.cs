using Workbench.Decoding;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Seq2Seq;
using Workbench.TorchSharp.Tests.Parity;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Seq2Seq;

/// <summary>Greedy, beam and sampled translations, attention alignments and evaluation scores of the TorchSharp
/// encoder-decoder equal the workbench model's with the same weights.</summary>
public class Seq2SeqDecodingTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 2, true, AttentionKind.Additive, false, false)]
    [InlineData(CellKind.Gru, 1, false, AttentionKind.Dot, true, true)]
    [InlineData(CellKind.RnnTanh, 2, true, AttentionKind.None, false, true)]
    [InlineData(CellKind.Gru, 1, true, AttentionKind.General, true, false)]
    public void TranslationsAlignmentsAndSamplesAgreeWithTheWorkbenchModel(CellKind cell, int layers, bool bidirectional, AttentionKind attention,
        bool inputFeeding, bool reverse)
    {
        var g = new Generator(20 + layers);
        var wb = new Seq2SeqModel(Seq2SeqParityTests.Config(cell, layers, bidirectional, attention, inputFeeding, reverse), g);
        using var ts = TorchSeq2SeqModel.From(wb);
        var pairs = Seq2SeqParityTests.Pairs(g, [5, 3, 8], [4, 2, 6]);
        foreach (var (source, target) in pairs)
        {
            var greedyWb = wb.Translate(source, maxLength: 12);
            var greedyTs = ts.Translate(source, maxLength: 12);
            Assert.Equal(greedyWb.Best.Tokens, greedyTs.Best.Tokens);
            Assert.True(greedyTs.Best.Tokens.Length > 0);
            Close.Check(greedyTs.Best.TokenLogProbs.Select(v => (float)v).ToArray(), greedyWb.Best.TokenLogProbs.Select(v => (float)v).ToArray(), "greedy log-probs");

            var beam = new BeamOptions(Width: 3, MaxLength: 10, LengthPenalty: 0.6, NBest: 3);
            var beamWb = wb.Translate(source, beam);
            var beamTs = ts.Translate(source, beam);
            Assert.Equal(beamWb.Hypotheses.Select(h => h.Tokens), beamTs.Hypotheses.Select(h => h.Tokens));
            Close.Check(beamTs.Hypotheses.Select(h => (float)h.Score).ToArray(), beamWb.Hypotheses.Select(h => (float)h.Score).ToArray(), "beam scores");

            Assert.Equal(greedyWb.AttentionWeights is null, greedyTs.AttentionWeights is null);
            if (attention != AttentionKind.None)
            {
                var (aWb, aTs) = (wb.Align(source, target)!, ts.Align(source, target)!);
                Assert.Equal(new[] { target.Length, source.Length }, new[] { aTs.GetLength(0), aTs.GetLength(1) });
                Close.Check(aTs.Cast<float>().ToArray(), aWb.Cast<float>().ToArray(), "alignment");
                for (int i = 0; i < target.Length; i++)
                    Assert.Equal(1.0, Enumerable.Range(0, source.Length).Sum(j => (double)aTs[i, j]), 5);
            }

            const int NoEnd = -1;
            var sampling = new SamplingOptions(Temperature: 1.2);
            var s1 = Generate.Sample(wb, wb.Start(source), 2, NoEnd, 15, sampling, new Generator(9));
            var s2 = Generate.Sample(ts, ts.Start(source), 2, NoEnd, 15, sampling, new Generator(9));
            Assert.Equal(s1.Tokens, s2.Tokens);
            Assert.True(s1.Tokens.Distinct().Count() > 2, "a sample of 15 tokens should not repeat one or two tokens");
        }
        var scoresWb = Seq2SeqEvaluation.Evaluate(wb, pairs, maxLength: 12);
        var scoresTs = Seq2SeqEvaluation.Evaluate(pairs, s => ts.Translate(s, maxLength: 12).Best, ts.Config.EosId);
        Assert.Equal(scoresWb.Predictions, scoresTs.Predictions);
        Assert.Equal(scoresWb.Bleu, scoresTs.Bleu);
    }
}
