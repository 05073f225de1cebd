using Workbench.Autograd;
using Workbench.Data;
using Workbench.Metrics;
using Workbench.NN;

namespace Workbench.LanguageModels;

/// <summary>One token's conditional log-probability log P(y&lt;t&gt; | y&lt;1..t-1&gt;) in nats, and its surprisal in bits.</summary>
public readonly record struct TokenScore(int Id, double LogProb)
{
    public double SurprisalBits => LanguageModelMetrics.SurprisalBits(LogProb);
}

/// <summary>The chain-rule decomposition of a sentence's probability:
/// log P(y&lt;1&gt;..y&lt;T&gt;) = Σ_t log P(y&lt;t&gt; | y&lt;1..t-1&gt;), &lt;eos&gt; included as the last token.</summary>
public sealed record SequenceScore(IReadOnlyList<TokenScore> Tokens)
{
    public double LogProb => Tokens.Sum(t => t.LogProb);
    public double Probability => Math.Exp(LogProb);
    /// <summary>exp of the mean negative log-probability per token.</summary>
    public double Perplexity => Tokens.Count == 0 ? double.NaN : Math.Exp(-LogProb / Tokens.Count);
}

/// <summary>Scores token sequences and streams under a language model.</summary>
public static class SentenceScorer
{
    /// <summary>Scores <paramref name="text"/> as the model met texts in training: it reads the dataset's
    /// <see cref="LanguageModelDataset.Boundary"/>, then y1 .. yT, and predicts y1 .. yT and the boundary that ends
    /// the text.</summary>
    public static SequenceScore Score(RecurrentLanguageModel model, LanguageModelDataset data, string text)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Score(model, data.Field.Encode(text), data.Boundary, data.Boundary);
    }

    /// <summary>Scores <paramref name="ids"/>: the model reads <paramref name="start"/> y1 .. yT and predicts
    /// y1 .. yT <paramref name="end"/>. Start from the token that preceded texts in the training stream
    /// (<see cref="LanguageModelDataset.Boundary"/>): a token the stream never held, such as &lt;bos&gt; in a stream of
    /// paragraphs, reaches the model through an embedding that training never moved.</summary>
    public static SequenceScore Score(RecurrentLanguageModel model, IReadOnlyList<int> ids, int start, int end)
    {
        int[] input = [start, .. ids];
        int[] target = [.. ids, end];
        using var eval = model.EvalMode();
        using var noGrad = new NoGrad();
        var (logits, _) = model.Forward(input, 1, input.Length);
        var lp = Functional.CrossEntropy(logits.Reshape(-1, model.VocabSize), target, reduction: Reduction.None).ToArray();
        return new SequenceScore(target.Select((t, i) => new TokenScore(t, -lp[i])).ToList());
    }

    /// <summary>Mean negative log-likelihood per token (nats) of consecutive [B, T] windows of one stream, carrying
    /// the state from window to window as in training; its exp is the perplexity of the text. With
    /// <paramref name="carryState"/> false every window starts from a<0> = 0, so no prediction sees more than the
    /// T − 1 tokens before it in its window: a measure of how much of its context a model uses.</summary>
    public static double MeanNll(RecurrentLanguageModel model, IEnumerable<LanguageModelBatch> windows, bool carryState = true)
    {
        using var eval = model.EvalMode();
        using var noGrad = new NoGrad();
        LanguageModelState? state = null;
        double total = 0; long count = 0;
        foreach (var (x, y, b, t) in windows.Select(w => (w.Inputs, w.Targets, w.BatchSize, w.Length)))
        {
            if (state is not null && state.H.Size(1) != b) state = null;   // a shorter last batch starts afresh
            var (logits, next) = model.Forward(x, b, t, state);
            state = carryState ? next : null;
            total += Functional.CrossEntropy(logits.Reshape(-1, model.VocabSize), y, reduction: Reduction.Sum).Item();
            count += y.Length;
        }
        if (count == 0) throw new ArgumentException("perplexity: the stream has no windows.");
        return total / count;
    }
}
