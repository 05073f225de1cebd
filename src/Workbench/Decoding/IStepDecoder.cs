namespace Workbench.Decoding;

/// <summary>
/// What every decoding strategy needs from a model, language model and seq2seq decoder alike: feed one
/// token per row, get next-token log-probabilities per row, and reorder rows (beams) by index.
/// <typeparamref name="TState"/> is the model's recurrent state for a batch of rows (hidden and cell
/// states, plus encoder outputs for attention).
/// </summary>
public interface IStepDecoder<TState>
{
    int VocabSize { get; }

    /// <summary>Feeds <paramref name="tokens"/> (one per row) and returns log-probabilities [rows * V]
    /// (row-major) for the next token, with the advanced state.</summary>
    (float[] LogProbs, TState State) Step(TState state, int[] tokens);

    /// <summary>The state of rows <paramref name="rows"/> (repeats allowed), in that order.</summary>
    TState Select(TState state, int[] rows);
}

/// <summary>A decoded sequence: the generated tokens (the start token excluded, the end token included when
/// it was produced), their total log-probability, the per-token log-probabilities, and the ranking score.</summary>
public sealed record Hypothesis(int[] Tokens, double LogProb, double[] TokenLogProbs, double Score, bool Finished);
