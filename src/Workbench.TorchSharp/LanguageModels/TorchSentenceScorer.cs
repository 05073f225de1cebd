using Workbench.Data;
using Workbench.LanguageModels;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.LanguageModels;

/// <summary>The workbench's <see cref="SentenceScorer"/> for <see cref="TorchLanguageModel"/>: sentence scores and
/// stream perplexity, in the same types.</summary>
public static class TorchSentenceScorer
{
    /// <summary>Scores <paramref name="ids"/> (without &lt;bos&gt;/&lt;eos&gt;): the model reads &lt;bos&gt; y1 .. yT and
    /// predicts y1 .. yT &lt;eos&gt;.</summary>
    public static SequenceScore Score(TorchLanguageModel model, IReadOnlyList<int> ids, int bos, int eos)
    {
        int[] input = [bos, .. ids];
        int[] target = [.. ids, eos];
        using var eval = model.EvalMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logits, _) = model.Forward(input, 1, input.Length);
        var logProbs = logits.reshape(-1, model.VocabSize).log_softmax(-1).cpu().data<float>().ToArray();
        return new SequenceScore(target.Select((t, i) => new TokenScore(t, logProbs[i * model.VocabSize + t])).ToList());
    }

    /// <summary>Mean negative log-likelihood per token (nats) of consecutive [B, T] windows of one stream, carrying
    /// the state from window to window as in training; its exp is the perplexity of the text.</summary>
    public static double MeanNll(TorchLanguageModel model, IEnumerable<LanguageModelBatch> windows)
    {
        using var eval = model.EvalMode();
        using var noGrad = no_grad();
        TorchLanguageModelState? state = null;
        double total = 0; long count = 0;
        foreach (var w in windows)
        {
            using var scope = NewDisposeScope();
            if (state is not null && state.H.shape[1] != w.BatchSize) state = null;   // a shorter last batch starts afresh
            var (logits, next) = model.Forward(w.Inputs, w.BatchSize, w.Length, state);
            using var targets = tensor(w.Targets.Select(t => (long)t).ToArray(), ScalarType.Int64, model.Device);
            total += nn.functional.cross_entropy(logits.reshape(-1, model.VocabSize), targets, reduction: nn.Reduction.Sum).item<float>();
            count += w.Targets.Length;
            state = next.MoveToOuterDisposeScope();
        }
        if (count == 0) throw new ArgumentException("perplexity: the stream has no windows.");
        return total / count;
    }
}
