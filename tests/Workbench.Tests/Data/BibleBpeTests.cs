using Workbench.Data;
using Workbench.Tokenization;

namespace Workbench.Tests.Data;

public class BibleBpeTests
{
    [Fact]
    public void Keeps_the_word_level_rows_and_split_and_learns_the_requested_merges_on_each_side()
    {
        var bpe = Datasets.BibleEnEsBpe(maxEnglishWords: 14, sourceMerges: 300, targetMerges: 200, seed: 3);
        var words = Datasets.BibleEnEs(maxEnglishWords: 14, seed: 3);
        // 4,783 verses have at most 14 English words (datasets/README.md counts them by the same rule).
        Assert.Equal(4_783, bpe.Train.Count + bpe.Valid.Count + bpe.Test.Count);
        Assert.Equal(words.Train.Select(e => e.Text), bpe.Train.Select(e => e.Text));
        Assert.Equal(words.Test.Select(e => e.TargetText), bpe.Test.Select(e => e.TargetText));

        var (src, tgt) = ((BpeTokenizer)bpe.Source.Tokenizer, (BpeTokenizer)bpe.Target!.Tokenizer);
        Assert.Equal(300, src.Merges.Count);
        Assert.Equal(200, tgt.Merges.Count);
        Assert.Equal(4 + src.Symbols.Count, bpe.Source.Vocab.Count);   // <pad> <unk> <bos> <eos> + symbols
        Assert.Equal(4 + tgt.Symbols.Count, bpe.Target.Vocab.Count);
        // The merges were learned on English and Spanish respectively: the Spanish side knows "ñ", the English side does not.
        Assert.Contains("ñ", tgt.Alphabet);
        Assert.DoesNotContain("ñ", src.Alphabet);
    }

    [Fact]
    public void Subwords_spell_unseen_words_so_test_verses_round_trip_without_unknowns()
    {
        var d = Datasets.BibleEnEsBpe(maxEnglishWords: 12, sourceMerges: 500, targetMerges: 500);
        int unk = d.Source.Vocab.UnkId;
        var test = d.Test;
        var unknownTokens = test.Sum(e => e.Source.Count(i => i == unk) + e.Target!.Count(i => i == unk));
        var allTokens = test.Sum(e => e.Source.Length + e.Target!.Length);
        Assert.True(unknownTokens < allTokens / 1000.0, $"{unknownTokens} <unk> of {allTokens} test tokens");
        foreach (var e in test.Where(e => !e.Source.Contains(unk) && !e.Target!.Contains(unk)))
        {
            Assert.Equal(e.Text, d.Source.Decode(e.Source));
            Assert.Equal(e.TargetText, d.Target!.Decode(e.Target!));
            Assert.Equal(d.Target.Vocab.BosId, e.Target![0]);
            Assert.Equal(d.Target.Vocab.EosId, e.Target[^1]);
            Assert.DoesNotContain(d.Source.Vocab.BosId, e.Source);
        }
        // The word-level vocabulary of the same split loses a visible share of the Spanish test words.
        var w = Datasets.BibleEnEs(maxEnglishWords: 12, minFrequency: 2);
        double wordUnk = w.Test.Average(e => e.Target!.Count(i => i == unk) / (double)e.Target!.Length);
        Assert.True(wordUnk > 0.03, $"word-level <unk> share {wordUnk:P1}");
    }

    [Fact]
    public void Same_seed_same_ids_and_the_loader_name_works()
    {
        var a = Datasets.BibleEnEsBpe(maxEnglishWords: 10, sourceMerges: 100, targetMerges: 100, seed: 5);
        var b = Datasets.BibleEnEsBpe(maxEnglishWords: 10, sourceMerges: 100, targetMerges: 100, seed: 5);
        var c = Datasets.BibleEnEsBpe(maxEnglishWords: 10, sourceMerges: 100, targetMerges: 100, seed: 6);
        Assert.Equal(a.Train.SelectMany(e => e.Source.Concat(e.Target!)), b.Train.SelectMany(e => e.Source.Concat(e.Target!)));
        Assert.NotEqual(a.Test.Select(e => e.Text), c.Test.Select(e => e.Text));
        var loaded = (SequenceDataset)Datasets.Load("bible-en-es-bpe", seed: 5);
        Assert.Equal("bpe", loaded.Source.Tokenizer.Type);
        Assert.Equal(Datasets.BibleEnEs(maxEnglishWords: 14, seed: 5).Valid.Select(e => e.Text), loaded.Valid.Select(e => e.Text));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEsBpe(sourceMerges: -1));
        Assert.Equal("sourceMerges", e.ParamName);
        Assert.Equal("targetMerges", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEsBpe(targetMerges: -5)).ParamName);
        var s = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEsBpe(maxEnglishWords: 1));
        Assert.Contains("No verse is that short", s.Message);
    }
}
