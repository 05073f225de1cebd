using Workbench.Charts;
using Workbench.Metrics;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Xunit;

namespace Workbench.Tests.Seq2SeqLessons;

public class Seq2SeqEvaluationTests
{
    [Fact]
    public void ByPosition_scores_each_position_over_the_references_that_reach_it()
    {
        // position 1: 3 references, right in rows 0 and 2; position 2: 3 references, right in row 0 only (row 1's
        // prediction is too short); position 3: only row 2 reaches it, and it is wrong.
        int[][] refs = [[1, 2], [1, 2], [5, 6, 7]];
        int[][] hyps = [[1, 2, 9], [4], [5, 0, 0, 0]];
        var p = SequenceAccuracy.ByPosition<int>(hyps, refs);
        Assert.Equal([2 / 3.0, 1 / 3.0, 0.0], p.Accuracy);
        Assert.Equal([3, 3, 1], p.Count);
        // Pooled over positions it is token accuracy: (2 + 1 + 0) / 7 reference tokens.
        Assert.Equal(SequenceAccuracy.TokenAccuracy<int>(hyps, refs), p.Accuracy.Zip(p.Count).Sum(x => x.First * x.Second) / 7, 12);
        // From the end: last tokens 2, 2, 7 (rows 0 right, 1 wrong: too short, 2 wrong); second to last 1, 1, 6
        // (row 0 right, row 1 wrong: 4 ≠ 1, row 2 wrong); third to last only row 2 (5, right).
        var back = SequenceAccuracy.ByPosition<int>(hyps, refs, fromEnd: true);
        Assert.Equal([1 / 3.0, 1 / 3.0, 1.0], back.Accuracy);
        Assert.Equal([3, 3, 1], back.Count);
        Assert.Empty(SequenceAccuracy.ByPosition<int>([], []).Accuracy);
        Assert.Throws<ArgumentException>(() => SequenceAccuracy.ByPosition<int>([[1]], []));
    }

    [Fact]
    public void ByLength_scores_each_source_length_bucket_in_order_and_skips_empty_ones()
    {
        var pairs = new List<(int[] Source, int[] Target)>
        {
            (new int[3], [4, 5]), (new int[25], [6]), (new int[4], [7, 8]), (new int[30], [9, 9]),
        };
        int[][] predictions = [[4, 5], [6], [7, 0], [1, 1]];
        var rows = Seq2SeqEvaluation.ByLength(predictions, pairs, new LengthBuckets(10, 20, 40));
        // "< 10": pairs 0 and 2 (one exact); "10-19": none (left out); "20-39": pairs 1 and 3 (one exact)
        Assert.Equal(["< 10", "20-39"], rows.Select(r => r.Bucket));
        Assert.Equal([2, 2], rows.Select(r => r.Count));
        Assert.Equal(0.5, rows[0].Scores.ExactMatch, 12);
        Assert.Equal(3 / 4.0, rows[0].Scores.TokenAccuracy, 12);
        Assert.Equal(1 / 3.0, rows[1].Scores.TokenAccuracy, 12);
        Assert.Contains("3 predictions but 4 pairs", Assert.Throws<ArgumentException>(() => Seq2SeqEvaluation.ByLength(predictions[..3], pairs, new LengthBuckets(10))).Message);
    }

    [Theory]
    [InlineData(AttentionKind.None, false)]
    [InlineData(AttentionKind.Additive, true)]
    public void TeacherForced_predictions_are_the_argmax_of_the_decoder_fed_the_gold_prefix(AttentionKind attention, bool reverse)
    {
        var cfg = new Seq2SeqConfig(CellKind.Gru, 9, 9, EmbeddingDim: 6, HiddenSize: 8, Attention: attention, ReverseSource: reverse);
        var model = new Seq2SeqModel(cfg, new Generator(4));
        var rng = new Generator(11);
        var pairs = Enumerable.Range(0, 7).Select(_ => (Source: Ids(rng, 1 + rng.NextInt(6)), Target: Ids(rng, 1 + rng.NextInt(5)))).ToList();
        var got = Seq2SeqEvaluation.TeacherForced(model, pairs, batchSize: 3);
        Assert.Equal(pairs.Count, got.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            // Reference: step the decoder one token at a time through the gold prefix, one pair alone.
            var (source, target) = pairs[i];
            var state = model.Start(source);
            int prev = cfg.BosId;
            var expected = new int[target.Length];
            for (int t = 0; t < target.Length; t++)
            {
                var (lp, next) = model.Step(state, [prev]);
                state = next;
                expected[t] = Array.IndexOf(lp, lp.Max());
                prev = target[t];
            }
            Assert.Equal(expected, got[i]);
        }
    }

    [Fact]
    public void The_schedule_sets_each_epochs_learning_rate()
    {
        var cfg = new Seq2SeqConfig(CellKind.Gru, 9, 9, EmbeddingDim: 4, HiddenSize: 6);
        var rng = new Generator(2);
        var pairs = Enumerable.Range(0, 12).Select(_ => (Source: Ids(rng, 3), Target: Ids(rng, 2))).ToList();
        History(null).ForEach(lr => Assert.Equal(0.01, lr, 6));
        // Cosine over 4 epochs from 0.01 to 0: epoch e trains at 0.005 (1 + cos(π (e-1) / 4)).
        var cosine = History(o => new Workbench.Optim.CosineAnnealingLR(o, 4));
        Assert.Equal([0.01, 0.005 * (1 + Math.Cos(Math.PI / 4)), 0.005, 0.005 * (1 + Math.Cos(3 * Math.PI / 4))], cosine.Select(x => Math.Round(x, 6)).ToArray(),
            (a, b) => Math.Abs(a - b) < 1e-6);
        // Step decay: halve after every 2 epochs.
        Assert.Equal([0.01, 0.01, 0.005, 0.005], History(o => new Workbench.Optim.StepLR(o, 2, 0.5f)).Select(x => Math.Round(x, 6)));

        List<double> History(Func<Workbench.Optim.Optimizer, Workbench.Optim.LRScheduler>? schedule) => Seq2SeqTraining.Train(new Seq2SeqModel(cfg, new Generator(1)), pairs, null,
                new Seq2SeqTrainingOptions(Epochs: 4, BatchSize: 4, LearningRate: 0.01f, Schedule: schedule), new Generator(3))
            .Records.Select(r => r.LearningRate).ToList();
    }

    static int[] Ids(Generator rng, int n) => Enumerable.Range(0, n).Select(_ => 4 + rng.NextInt(5)).ToArray();
}
