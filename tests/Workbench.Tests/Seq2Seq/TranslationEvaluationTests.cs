using Workbench.Data;
using Workbench.Decoding;
using Workbench.Metrics;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

/// <summary>A toy "translation" with real text fields: lowercase word strings to the same words capitalised and
/// reversed, ending in a full stop ("ab cd" -> "Cd ab."), so the word tokenizer's case marker and punctuation make
/// the target ids differ from the reference text's words.</summary>
public class TranslationEvaluationTests
{
    static readonly string[] Words = ["ab", "cd", "ef", "gh", "ij", "kl"];

    static SequenceDataset Toy(int count = 600, long seed = 0)
    {
        var g = new Generator(seed);
        var items = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 3 + g.NextInt(3)).Select(_ => Words[g.NextInt(Words.Length)]).ToArray()).ToList();
        static string Target(string[] w)
        {
            var r = w.Reverse().ToArray();
            return char.ToUpperInvariant(r[0][0]) + string.Join(' ', r)[1..] + ".";
        }
        return Datasets.Build("toy", "reversed words", items, seed, w => string.Join(' ', w), Datasets.FieldBuilder(TokenLevel.Word),
            Target, Datasets.FieldBuilder(TokenLevel.Word));
    }

    static Seq2SeqModel Model(SequenceDataset d, float dropout = 0f) =>
        new(Seq2SeqTraining.ConfigFor(d, CellKind.Gru) with { EmbeddingDim = 16, HiddenSize = 32, Attention = AttentionKind.General, Dropout = dropout }, new Generator(1));

    [Fact]
    public void Scores_the_detokenized_outputs_against_the_raw_references()
    {
        var d = Toy();
        var model = Model(d);
        var scores = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, maxLength: 12);
        // Independently: greedy decoding through the step interface, text through the target field.
        var cfg = model.Config;
        var expected = d.Test.Select(e => d.Target!.Decode(Generate.Greedy(model, model.Start(e.Source), cfg.BosId, cfg.EosId, 12).Tokens)).ToList();
        Assert.Equal(expected, scores.Hypotheses);
        var bleu = Bleu.Corpus(expected, d.Test.Select(e => e.TargetText!).ToList());
        Assert.Equal(bleu.Value, scores.Bleu.Value);
        Assert.Equal(bleu.Correct, scores.Bleu.Correct);
        Assert.Equal(scores.Outputs.Average(o => o.LogProb), scores.MeanLogProb, 12);
        // The attention weights come along, each example's own: row t is where output token t looked.
        Assert.Equal(d.Test.Count, scores.Translations.Count);
        for (int i = 0; i < d.Test.Count; i++)
            Assert.Equal(model.Align(d.Test[i].Source, scores.Outputs[i].Tokens), scores.Translations[i].AttentionWeights);
        // Text, not ids: BLEU over the target ids of the same outputs (case markers, no detokenisation) differs.
        var idBleu = Seq2SeqEvaluation.Score(scores.Outputs.Select(o => Seq2SeqEvaluation.StripEos(o.Tokens, cfg.EosId)).ToList(),
            Seq2SeqTraining.Pairs(d.Test).Select(p => p.Target).ToList()).Bleu;
        Assert.NotEqual(Math.Round(idBleu, 6), Math.Round(scores.Bleu.Value, 6));
    }

    [Fact]
    public void A_trained_model_scores_high_and_an_untrained_one_low()
    {
        var d = Toy();
        var untrained = TranslationEvaluation.Evaluate(Model(d), d.Target!, d.Test, maxLength: 12);
        var model = Model(d);
        Seq2SeqTraining.Train(model, Seq2SeqTraining.Pairs(d.Train), null, new Seq2SeqTrainingOptions(Epochs: 12, BatchSize: 16, LearningRate: 0.02f), new Generator(2));
        var trained = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, maxLength: 12);
        Assert.True(trained.Bleu.Value > 80, $"trained BLEU {trained.Bleu.Value:F1}");
        Assert.True(untrained.Bleu.Value < 20, $"untrained BLEU {untrained.Bleu.Value:F1}");
        Assert.Equal(0, trained.Unfinished);
        // Beam search goes through BeamOptions: the outputs are the beam's best hypotheses.
        var beam = new BeamOptions(Width: 3, MaxLength: 12);
        var beamScores = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, beam);
        var cfg = model.Config;
        Assert.Equal(d.Test.Select(e => Generate.BeamSearch(model, model.Start(e.Source), cfg.BosId, cfg.EosId, beam)[0].Tokens),
                     beamScores.Outputs.Select(o => o.Tokens));
    }

    [Fact]
    public void A_model_without_attention_has_no_weights()
    {
        var d = Toy(200);
        var model = new Seq2SeqModel(Seq2SeqTraining.ConfigFor(d, CellKind.Gru) with { EmbeddingDim = 16, HiddenSize = 32, Attention = AttentionKind.None }, new Generator(1));
        var scores = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, maxLength: 12);
        Assert.Equal(d.Test.Count, scores.Translations.Count);
        Assert.All(scores.Translations, t => Assert.Null(t.AttentionWeights));
    }

    [Fact]
    public void Decodes_in_eval_mode_so_dropout_does_not_change_the_outputs()
    {
        var d = Toy(200);
        var model = Model(d, dropout: 0.5f);
        model.Train();
        var first = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, maxLength: 12);
        model.Train();
        var second = TranslationEvaluation.Evaluate(model, d.Target!, d.Test, maxLength: 12);
        Assert.Equal(first.Hypotheses, second.Hypotheses);
        Assert.False(model.Training);
    }

    [Fact]
    public void Baselines_are_scored_against_the_same_references()
    {
        var d = Toy(200);
        Assert.Equal(100, TranslationEvaluation.Score(d.Test.Select(e => e.TargetText!).ToList(), d.Test).Value, 9);
        var copy = TranslationEvaluation.Score(d.Test.Select(e => e.Text!).ToList(), d.Test);
        Assert.Equal(Bleu.Corpus(d.Test.Select(e => e.Text!).ToList(), d.Test.Select(e => e.TargetText!).ToList()).Value, copy.Value);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var d = Toy(200);
        var model = Model(d);
        var other = Toy(200, seed: 9);
        var wrongField = new TextField(other.Target!.Tokenizer, Workbench.Tokenization.Vocabulary.FromTokens(["x", "y"]));
        var e = Assert.Throws<ArgumentException>(() => TranslationEvaluation.Evaluate(model, wrongField, d.Test));
        Assert.Contains($"{wrongField.Vocab.Count} tokens but the model predicts {model.Config.TargetVocabSize}", e.Message);
        var noRef = d.Test.Take(2).Select((x, i) => i == 1 ? x with { TargetText = null } : x).ToList();
        Assert.Contains("example 1 has no reference", Assert.Throws<ArgumentException>(() => TranslationEvaluation.Evaluate(model, d.Target!, noRef)).Message);
        Assert.Contains("no examples", Assert.Throws<ArgumentException>(() => TranslationEvaluation.Evaluate(model, d.Target!, [])).Message);
        Assert.Contains("3 outputs for 2 examples", Assert.Throws<ArgumentException>(() => TranslationEvaluation.Score(["a", "b", "c"], d.Test.Take(2).ToList())).Message);
    }
}
