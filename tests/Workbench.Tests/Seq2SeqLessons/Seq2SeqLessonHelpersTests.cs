using Workbench.Data;
using Workbench.Metrics;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2SeqLessons;

public class Seq2SeqLessonHelpersTests
{
    [Fact]
    public void PairsDropTheTargetsStartAndEndTokens()
    {
        var pairs = Seq2SeqTraining.Pairs([new SequenceExample([5, 6], [2, 7, 8, 3]), new SequenceExample([9], [7])]);
        Assert.Equal([5, 6], pairs[0].Source);
        Assert.Equal([7, 8], pairs[0].Target);
        Assert.Equal([7], pairs[1].Target);   // nothing to strip
    }

    [Fact]
    public void PairsNameTheExampleWithoutATarget()
    {
        var e = Assert.Throws<ArgumentException>(() => Seq2SeqTraining.Pairs([new SequenceExample([5], [2, 5, 3]), new SequenceExample([5])]));
        Assert.Contains("example 1", e.Message);
    }

    [Fact]
    public void ConfigForUsesTheVocabularySpecialIds()
    {
        var data = Datasets.Dates(count: 200, seed: 1);
        var cfg = Seq2SeqTraining.ConfigFor(data, CellKind.Gru);
        Assert.Equal((0, 2, 3), (cfg.PadId, cfg.BosId, cfg.EosId));
        Assert.Equal(data.Source.Vocab.Count, cfg.SourceVocabSize);
        Assert.Equal(data.Target!.Vocab.Count, cfg.TargetVocabSize);
    }

    [Fact]
    public void ScoresCountExactMatchesTokensAndBleu()
    {
        // Second prediction misses its last token: token accuracy 6 of 7 reference tokens.
        int[][] refs = [[4, 5, 6], [7, 8, 9, 10]];
        int[][] hyps = [[4, 5, 6], [7, 8, 9]];
        var s = Seq2SeqEvaluation.Score(hyps, refs);
        Assert.Equal(0.5, s.ExactMatch, 12);
        Assert.Equal(6 / 7.0, s.TokenAccuracy, 12);
        // No hypothesis has a 4-gram, so the 4-gram precision is 0 and sacreBLEU's geometric mean is 0.
        Assert.Equal(0.0, s.Bleu, 9);
        var perfect = Seq2SeqEvaluation.Score([[1, 2, 3, 4, 5]], [[1, 2, 3, 4, 5]]);
        Assert.Equal(100.0, perfect.Bleu, 9);
    }

    [Fact]
    public void StripEosCutsAtTheFirstEndToken()
    {
        Assert.Equal([4, 5], Seq2SeqEvaluation.StripEos([4, 5, 3, 6, 3], 3));
        Assert.Equal([4, 5], Seq2SeqEvaluation.StripEos([4, 5], 3));
    }

    [Fact]
    public void DistinctNCountsUniqueNGrams()
    {
        // bigrams: "aba" -> (a b) (b a); "ab" -> (a b): 2 distinct of 3. Unigrams a b a a b: 2 distinct of 5.
        IReadOnlyList<char>[] seqs = ["aba".ToCharArray(), "ab".ToCharArray()];
        Assert.Equal(2 / 3.0, Diversity.DistinctN(seqs, 2), 12);
        Assert.Equal(2 / 5.0, Diversity.DistinctN(seqs, 1), 12);
        Assert.Equal(0, Diversity.DistinctN(seqs, 4));
        Assert.Equal(2, Diversity.DistinctSequences(seqs.Append("ab".ToCharArray())));
    }

    [Fact]
    public void TrainingLowersTheValidationLossAndUsesTheSchedule()
    {
        var g = new Generator(3);
        var pairs = Enumerable.Range(0, 96).Select(_ => { var s = Enumerable.Range(0, 3 + g.NextInt(3)).Select(_ => 4 + g.NextInt(5)).ToArray(); return (s, s); }).ToList();
        var cfg = new Seq2SeqConfig(CellKind.Gru, 10, 10, EmbeddingDim: 8, HiddenSize: 16, PadId: 0, BosId: 2, EosId: 3);
        var model = new Seq2SeqModel(cfg, new Generator(1));
        var ratios = new List<int>();
        var history = Seq2SeqTraining.Train(model, pairs, pairs.Take(32).ToList(),
            new Seq2SeqTrainingOptions(Epochs: 6, BatchSize: 16, LearningRate: 0.01f, TeacherForcing: e => { ratios.Add(e); return 1.0 / e; }, MaxBatchesPerEpoch: 3),
            new Generator(2));
        Assert.Equal([1, 2, 3, 4, 5, 6], ratios);
        Assert.Equal(6, history.Records.Count);
        Assert.Equal(18, history.Records[^1].Step);   // 3 batches per epoch
        Assert.True(history.Records[^1].ValidLoss < history.Records[0].ValidLoss, $"validation loss {history.Records[0].ValidLoss} -> {history.Records[^1].ValidLoss}");
    }
}
