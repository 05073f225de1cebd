using Workbench.Decoding;

namespace Workbench.Seq2Seq;

/// <summary>
/// Decoding one source sentence with any engine's seq2seq model (the workbench's <see cref="Seq2SeqModel"/>, or its
/// TorchSharp twin): the model is a step decoder started from the encoded source, so greedy and beam search come from
/// <see cref="Generate"/>; the attention matrix of a hypothesis comes from feeding it back one token at a time.
/// </summary>
public static class Translator
{
    /// <summary>Greedy decoding when <paramref name="beam"/> is null, otherwise beam search with its settings, from
    /// <paramref name="start"/>; <paramref name="align"/> (null without attention) gives the best hypothesis' attention matrix.</summary>
    public static Translation Translate<TState>(IStepDecoder<TState> model, TState start, Seq2SeqConfig config, BeamOptions? beam,
        int maxLength, Func<int[], float[,]>? align)
    {
        IReadOnlyList<Hypothesis> hyps = beam is null
            ? [Generate.Greedy(model, start, config.BosId, config.EosId, maxLength)]
            : Generate.BeamSearch(model, start, config.BosId, config.EosId, beam);
        return new Translation(hyps, align?.Invoke(hyps[0].Tokens));
    }

    /// <summary>
    /// The attention matrix [|target|, <paramref name="sourceLength"/>] when the decoder, from <paramref name="start"/>, is
    /// fed &lt;bos&gt; and then <paramref name="target"/>: row i holds the weights (read from each step's state by
    /// <paramref name="weights"/>, [T_x]) used to predict target[i], columns in the source's original order, also when
    /// the model reads it reversed.
    /// </summary>
    public static float[,] Align<TState>(IStepDecoder<TState> model, TState start, Seq2SeqConfig config, int sourceLength, int[] target,
        Func<TState, float[]> weights)
    {
        var state = start;
        var m = new float[target.Length, sourceLength];
        int prev = config.BosId;
        for (int i = 0; i < target.Length; i++)
        {
            (_, state) = model.Step(state, [prev]);
            var w = weights(state);
            for (int j = 0; j < sourceLength; j++)
                m[i, j] = w[config.ReverseSource ? sourceLength - 1 - j : j];
            prev = target[i];
        }
        return m;
    }
}
