using Workbench.Charts;
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

    /// <summary>
    /// What the decoder predicts when it is fed the gold prefix (teacher forcing, as in training and in the validation
    /// loss): for each pair the argmax token at each target position, as many as the target has (the end position is
    /// left out). Compared with greedy decoding's outputs this separates what the model knows at a position from the
    /// errors it makes because its own earlier outputs were wrong. Puts the model in eval mode.
    /// </summary>
    public static IReadOnlyList<int[]> TeacherForced(Seq2SeqModel model, IReadOnlyList<(int[] Source, int[] Target)> pairs, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(pairs);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "teacher-forced predictions: batch size must be >= 1.");
        model.Eval();
        var predictions = new List<int[]>(pairs.Count);
        using var _ = new Autograd.NoGrad();
        for (int start = 0; start < pairs.Count; start += batchSize)
        {
            var chunk = pairs.Skip(start).Take(batchSize).ToList();
            var batch = Seq2SeqBatch.Create(chunk, model.Config.PadId, model.Config.EosId);
            var argmax = model.Forward(batch).Logits.ArgmaxIndices(-1);   // [B, T_y] row-major
            int ty = batch.Target.Length;
            for (int r = 0; r < chunk.Count; r++) predictions.Add(argmax.AsSpan(r * ty, chunk[r].Target.Length).ToArray());
        }
        return predictions;
    }

    /// <summary>Scores per source-length bucket (e.g. <c>new LengthBuckets(20, 40)</c>: "&lt; 20", "20-39", "≥ 40"),
    /// buckets in their order, empty ones left out: the bucket name, how many pairs fell in it, and their scores.</summary>
    public static IReadOnlyList<(string Bucket, int Count, Seq2SeqScores Scores)> ByLength(IReadOnlyList<int[]> predictions,
        IReadOnlyList<(int[] Source, int[] Target)> pairs, LengthBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(predictions); ArgumentNullException.ThrowIfNull(pairs); ArgumentNullException.ThrowIfNull(buckets);
        if (predictions.Count != pairs.Count)
            throw new ArgumentException($"seq2seq scores by length: {predictions.Count} predictions but {pairs.Count} pairs.");
        var result = new List<(string, int, Seq2SeqScores)>();
        foreach (var bucket in buckets.Labels)
        {
            var rows = Enumerable.Range(0, pairs.Count).Where(i => buckets.Of(pairs[i].Source.Length) == bucket).ToList();
            if (rows.Count > 0) result.Add((bucket, rows.Count, Score(rows.Select(i => predictions[i]).ToList(), rows.Select(i => pairs[i].Target).ToList())));
        }
        return result;
    }

    /// <summary>The tokens before the first end token.</summary>
    public static int[] StripEos(int[] tokens, int eosId)
    {
        int i = Array.IndexOf(tokens, eosId);
        return i < 0 ? tokens : tokens[..i];
    }

    static string Words(int[] ids) => string.Join(' ', ids);
}
