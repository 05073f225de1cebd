namespace Workbench.LanguageModels;

/// <summary>
/// The baseline a language model must beat to show it uses context: every token is predicted by its frequency in
/// the training stream, whatever came before, with add-k smoothing so a token never seen in training still gets
/// some probability: P(w) = (count(w) + k) / (N + k·V), N training tokens, V the vocabulary size.
/// </summary>
public sealed class UnigramModel
{
    readonly double[] logProbs;

    /// <param name="train">The training stream of token ids.</param>
    /// <param name="vocabSize">V: ids run from 0 to V − 1.</param>
    /// <param name="addK">k, the count added to every token (1: Laplace's add-one).</param>
    public UnigramModel(IReadOnlyList<int> train, int vocabSize, double addK = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (vocabSize < 1) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "unigram model: the vocabulary needs at least one token.");
        if (!(addK >= 0)) throw new ArgumentOutOfRangeException(nameof(addK), addK, "unigram model: add-k smoothing needs k >= 0.");
        var counts = new double[vocabSize];
        for (int i = 0; i < train.Count; i++)
        {
            int id = train[i];
            if ((uint)id >= (uint)vocabSize) throw new ArgumentOutOfRangeException(nameof(train), id, $"unigram model: token {i} of the training stream is id {id}, outside the vocabulary [0, {vocabSize}).");
            counts[id]++;
        }
        double total = train.Count + addK * vocabSize;
        if (total <= 0) throw new ArgumentException("unigram model: an empty training stream needs k > 0.", nameof(train));
        logProbs = counts.Select(c => Math.Log((c + addK) / total)).ToArray();
        (VocabSize, AddK) = (vocabSize, addK);
    }

    public int VocabSize { get; }
    public double AddK { get; }

    /// <summary>log P(w) in nats (−∞ for a token never seen when k = 0).</summary>
    public double LogProb(int id) => (uint)id < (uint)VocabSize ? logProbs[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"unigram model: id {id} is outside the vocabulary [0, {VocabSize}).");

    /// <summary>Mean negative log-likelihood per token (nats) of every token of <paramref name="stream"/>.</summary>
    public double MeanNll(IReadOnlyList<int> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Count == 0) throw new ArgumentException("unigram model: the stream to score is empty.", nameof(stream));
        double sum = 0;
        for (int i = 0; i < stream.Count; i++) sum -= LogProb(stream[i]);
        return sum / stream.Count;
    }

    /// <summary>exp of <see cref="MeanNll"/>: the perplexity of the stream under the unigram model.</summary>
    public double Perplexity(IReadOnlyList<int> stream) => Math.Exp(MeanNll(stream));
}
