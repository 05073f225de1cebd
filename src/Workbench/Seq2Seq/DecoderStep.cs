using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Seq2Seq;

/// <summary>
/// One decoding step of a <see cref="RecurrentDecoder"/> for a few rows (one hypothesis, or a few beams), the
/// equations of its Block for one step with the weight products as matrix-vector products on the weights in place
/// (<see cref="MatVec"/>): the recurrent stack (W_ih, W_hh), W_c and W_out, the products that dominate a step.
/// Attention itself runs as in training (its per-row products against the source are small). The same bits as
/// <see cref="RecurrentDecoder.Forward"/>.
/// </summary>
internal static class DecoderStep
{
    /// <summary>Whether <paramref name="decoder"/> can take this path for <paramref name="rows"/> rows: no dropout
    /// active (eval mode, or p = 0) and what <see cref="Recurrent.RecurrentLayer.CanStepRows"/> needs.</summary>
    public static bool Applies(RecurrentDecoder decoder, int rows) =>
        decoder.Rnn.CanStepRows(rows) && !(decoder.Training && decoder.Config.Dropout > 0f);

    /// <summary>Logits [rows, V] for the previous tokens <paramref name="tokens"/> (one per row), and the state after the step.</summary>
    public static (float[] Logits, Seq2SeqState State) Run(RecurrentDecoder decoder, int[] tokens, Seq2SeqState state)
    {
        int rows = tokens.Length, h = decoder.HiddenSize;
        decoder.CheckState(rows, state);
        var x = decoder.Embedding.Forward(tokens, rows);                                  // x<t> = embedding(y<t-1>)
        if (decoder.InputFeeding) x = Tensor.Cat([x, state.Feed ?? Tensor.Zeros(rows, h)], -1);   // [x<t>; h̃<t-1>]
        var r = decoder.Rnn.StepRows(x.Values, rows, state.H, state.C);
        var top = r.Output;                                                                // s<t> [rows, 1, H]
        Tensor? weights = null;
        if (decoder.Attention is { } attention)
        {
            var a = attention.Forward(top, state.Memory!);
            weights = a.Weights;                                                           // α<t,t'>
            var joined = Tensor.Cat([top, a.Context], -1);                                 // [s<t>; c<t>]
            top = new Tensor(MatVec.Linear(decoder.Combine!.Weight, null, joined.Values, rows), [rows, 1, h]).Tanh();   // h̃<t>
        }
        var logits = MatVec.Linear(decoder.Out.Weight, decoder.Out.Bias, top.Values, rows);
        return (logits, state with { H = r.HN, C = r.CN, Feed = decoder.InputFeeding ? top.Reshape(rows, h) : null, AttentionWeights = weights });
    }
}
