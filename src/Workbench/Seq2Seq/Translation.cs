using Workbench.Decoding;

namespace Workbench.Seq2Seq;

/// <summary>The decoded hypotheses of one source sentence, best first, and for an attention model the
/// attention weights of the best one: <see cref="AttentionWeights"/>[i, j] is the weight of source token j (original order)
/// when the decoder produced output token i.</summary>
public sealed record Translation(IReadOnlyList<Hypothesis> Hypotheses, float[,]? AttentionWeights)
{
    public Hypothesis Best => Hypotheses[0];
}
