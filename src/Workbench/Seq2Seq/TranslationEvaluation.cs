using Workbench.Data;
using Workbench.Decoding;
using Workbench.Metrics;

namespace Workbench.Seq2Seq;

/// <summary>A model's translations of a test set, scored as text.</summary>
/// <param name="Bleu">Corpus BLEU of <paramref name="Hypotheses"/> against the references (sacreBLEU's defaults).</param>
/// <param name="Hypotheses">Each output turned back into text by the target field (end token and after removed).</param>
/// <param name="Translations">What the decoder returned for each example: its hypotheses and, for an attention model,
/// the attention weights of the best one.</param>
public sealed record TranslationScores(Bleu.Score Bleu, IReadOnlyList<string> Hypotheses, IReadOnlyList<Translation> Translations)
{
    /// <summary>The best hypothesis of each example, with its model log-probability and whether it ended.</summary>
    public IReadOnlyList<Hypothesis> Outputs => Translations.Select(t => t.Best).ToList();

    /// <summary>Mean model log-probability log P(ŷ | x) of the outputs (end token included).</summary>
    public double MeanLogProb => Outputs.Average(o => o.LogProb);

    /// <summary>Outputs cut off at the maximum length without an end token.</summary>
    public int Unfinished => Outputs.Count(o => !o.Finished);
}

/// <summary>
/// Corpus BLEU of a translation model the way translations are reported: every output is detokenized by the target
/// field and compared, as text, with the raw reference sentence (<see cref="SequenceExample.TargetText"/>), so the
/// score does not depend on the model's vocabulary. (<see cref="Seq2SeqEvaluation"/> scores token ids, which for
/// subwords would count BPE pieces as words.)
/// </summary>
public static class TranslationEvaluation
{
    /// <summary>Translates each example's source (greedy when <paramref name="beam"/> is null, else beam search with
    /// its settings, whose <c>MaxLength</c> then applies) and scores the outputs against the examples' references.
    /// Puts the model in eval mode.</summary>
    public static TranslationScores Evaluate(Seq2SeqModel model, TextField target, IReadOnlyList<SequenceExample> examples,
        BeamOptions? beam = null, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(target);
        if (target.Vocab.Count != model.Config.TargetVocabSize)
            throw new ArgumentException($"translation: the target field has {target.Vocab.Count} tokens but the model predicts {model.Config.TargetVocabSize}; pass the field the model was trained with.", nameof(target));
        var references = References(examples);
        model.Eval();
        var translations = examples.Select(e => model.Translate(e.Source, beam, maxLength)).ToList();
        var hypotheses = translations.Select(t => target.Decode(t.Best.Tokens)).ToList();
        return new TranslationScores(Metrics.Bleu.Corpus(hypotheses, references), hypotheses, translations);
    }

    /// <summary>Corpus BLEU of any system's outputs, one per example (a baseline such as copying the source), against
    /// the examples' references.</summary>
    public static Bleu.Score Score(IReadOnlyList<string> hypotheses, IReadOnlyList<SequenceExample> examples)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        var references = References(examples);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"translation: {hypotheses.Count} outputs for {references.Count} examples.", nameof(hypotheses));
        return Metrics.Bleu.Corpus(hypotheses, references);
    }

    static List<string> References(IReadOnlyList<SequenceExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("translation: no examples to translate.", nameof(examples));
        return examples.Select((e, i) => e.TargetText ?? throw new ArgumentException(
            $"translation: example {i} has no reference text (TargetText); score examples from a dataset loader.", nameof(examples))).ToList();
    }
}
