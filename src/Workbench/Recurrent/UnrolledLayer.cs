using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// A cell run over a sequence one step at a time, as a sequence layer: for t = 1 … T_x, a&lt;t&gt; = cell(x&lt;t&gt;, a&lt;t-1&gt;)
/// from a&lt;0&gt; = 0, with ordinary autograd through every step. It computes what the fused layers
/// (<see cref="RNN"/>, <see cref="GRU"/>, <see cref="LSTM"/>) compute, slowly but readably, and it runs cell variants
/// that have no fused kernel, such as the simplified GRU (<c>new GRUCell(n_x, n_a, resetGate: false)</c>).
/// One layer, one direction, full-length sequences. The cell is the submodule "cell".
/// </summary>
public sealed class UnrolledLayer : Module<Tensor, RecurrentResult>
{
    public RecurrentCell Cell { get; }
    public int HiddenSize => Cell.HiddenSize;

    public UnrolledLayer(RecurrentCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Cell = RegisterModule("cell", cell);
    }

    /// <summary><paramref name="input"/> [B, T, input_size] to the outputs a&lt;1&gt; … a&lt;T&gt; [B, T, H] and the final
    /// state [1, B, H] (and, for an LSTM, the final memory c&lt;T&gt; [1, B, H]).</summary>
    public override RecurrentResult Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != Cell.InputSize || input.Size(0) == 0 || input.Size(1) == 0)
            throw new ArgumentException($"{Cell.Kind.ModuleName()}Cell unrolled: input must be [batch, seq_len, {Cell.InputSize}] (batch-first, both at least 1), got {ShapeUtil.Format(input.ShapeSpan)}.", nameof(input));
        Tensor? a = null, c = null;
        var outputs = new Tensor[input.Size(1)];
        for (int t = 0; t < outputs.Length; t++)
        {
            var x = input.Select(1, t);
            (a, c) = Cell switch
            {
                RNNCell rnn => (rnn.Forward(x, a).H, null),
                GRUCell gru => (gru.Forward(x, a).H, null),
                LSTMCell lstm => lstm.Forward(x, a is null ? null : (a, c!)).State,
                _ => throw new NotSupportedException($"UnrolledLayer: no step rule for {Cell.GetType().Name}."),
            };
            outputs[t] = a!;
        }
        return new RecurrentResult(Tensor.Stack(outputs, 1), a!.Unsqueeze(0), c?.Unsqueeze(0));
    }
}
