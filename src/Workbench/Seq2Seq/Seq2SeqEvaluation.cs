using Workbench.Decoding;
using Workbench.Metrics;

namespace Workbench.Seq2Seq;

/// <summary>Scores of decoded outputs against references: exact match and token accuracy (0..1) and corpus BLEU
/// (0..100) over token ids, plus each output (end token removed) for per-example analysis.</summary>
public sealed record Seq2SeqScores(double ExactMatch, double TokenAccuracy, double Bleu, IReadOnlyList<int[]> Predictions);

/// <summary>Decodes every source of a test set and scores the outputs.</summary>
public static class Seq2SeqEvaluation
{
    /// <summary>Decodes each source with <paramref name="decode"/> (default: greedy) and scores against the targets
    /// (without &lt;eos&gt;). Puts the model in eval mode.</summary>
    public static Seq2SeqScores Evaluate(Seq2SeqModel model, IReadOnlyList<(int[] Source, int[] Target)> pairs,
        Func<int[], Hypothesis>? decode = null, int maxLength = 50)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(pairs);
        model.Eval();
        decode ??= s => model.Translate(s, maxLength: maxLength).Best;
        return Evaluate(pairs, decode, model.Config.EosId);
    }

    /// <summary>Decodes each source with <paramref name="decode"/> (any engine's model) and scores the outputs, cut at
    /// <paramref name="eosId"/>, against the targets (without &lt;eos&gt;).</summary>
    public static Seq2SeqScores Evaluate(IReadOnlyList<(int[] Source, int[] Target)> pairs, Func<int[], Hypothesis> decode, int eosId)
    {
        ArgumentNullException.ThrowIfNull(pairs); ArgumentNullException.ThrowIfNull(decode);
        var predictions = pairs.Select(p => StripEos(decode(p.Source).Tokens, eosId)).ToList();
        return Score(predictions, pairs.Select(p => p.Target).ToList());
    }

    /// <summary>Scores predictions against references (both without &lt;eos&gt;). BLEU treats each id as a word, so it is
    /// token-level BLEU whatever the tokens are (characters, phonemes, words).</summary>
    public static Seq2SeqScores Score(IReadOnlyList<int[]> predictions, IReadOnlyList<int[]> references)
    {
        ArgumentNullException.ThrowIfNull(predictions); ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count)
            throw new ArgumentException($"seq2seq scores: {predictions.Count} predictions but {references.Count} references.");
        var p = predictions.Select(x => (IReadOnlyList<int>)x).ToList();
        var r = references.Select(x => (IReadOnlyList<int>)x).ToList();
        double bleu = predictions.Count == 0 ? 0 : Metrics.Bleu.Corpus(predictions.Select(Words).ToList(), references.Select(Words).ToList()).Value;
        return new Seq2SeqScores(SequenceAccuracy.ExactMatch(p, r), SequenceAccuracy.TokenAccuracy(p, r), bleu, predictions);
    }

    /// <summary>The tokens before the first end token.</summary>
    public static int[] StripEos(int[] tokens, int eosId)
    {
        int i = Array.IndexOf(tokens, eosId);
        return i < 0 ? tokens : tokens[..i];
    }

    static string Words(int[] ids) => string.Join(' ', ids);
}
