namespace Workbench.Metrics;

/// <summary>Conversions between the ways language-model quality is reported.</summary>
public static class LanguageModelMetrics
{
    /// <summary>Perplexity = exp(mean negative log-likelihood per token, in nats).</summary>
    public static double Perplexity(double meanNllNats) => Math.Exp(meanNllNats);

    /// <summary>Bits per character: total nats over the text divided by its characters and ln 2. The common
    /// scale for comparing a word model with a character model on the same text.</summary>
    public static double BitsPerCharacter(double totalNllNats, long characters)
    {
        if (characters <= 0) throw new ArgumentOutOfRangeException(nameof(characters), characters, "bits per character: the text has no characters.");
        return totalNllNats / characters / Math.Log(2);
    }

    /// <summary>Surprisal of one token in bits: -log2 p.</summary>
    public static double SurprisalBits(double logProbNats) => -logProbNats / Math.Log(2);
}
