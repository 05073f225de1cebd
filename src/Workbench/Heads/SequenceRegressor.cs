using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Heads;

/// <summary>
/// Many-to-one regression on real-valued inputs, as in the adding task: a recurrent core reads x&lt;1&gt; … x&lt;T_x&gt;
/// [B, T_x, n_x], and a linear layer maps its final state a&lt;T_x&gt; to ŷ [B, outputs]. The core is any sequence
/// layer that returns a <see cref="RecurrentResult"/>: a fused <see cref="RNN"/>, <see cref="GRU"/> or
/// <see cref="LSTM"/>, or a cell run step by step (<see cref="UnrolledLayer"/>). Submodules "rnn" and "fc".
/// </summary>
public sealed class SequenceRegressor : Module<Tensor, Tensor>
{
    public Module<Tensor, RecurrentResult> Rnn { get; }
    public Linear Fc { get; }

    public SequenceRegressor(Module<Tensor, RecurrentResult> rnn, int outputs = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(rnn);
        int hidden = rnn switch
        {
            RecurrentLayer { Bidirectional: true } => throw new ArgumentException("sequence regressor: reads the final state of a one-directional core; this one is bidirectional.", nameof(rnn)),
            RecurrentLayer layer => layer.HiddenSize,
            UnrolledLayer unrolled => unrolled.HiddenSize,
            _ => throw new ArgumentException($"sequence regressor: cannot tell the hidden size of a {rnn.GetType().Name}; use a recurrent layer or an UnrolledLayer.", nameof(rnn)),
        };
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "sequence regressor: needs at least one output.");
        Rnn = RegisterModule("rnn", rnn);
        Fc = RegisterModule("fc", new Linear(hidden, outputs, generator: generator));
    }

    /// <summary>ŷ = W_ya a&lt;T_x&gt; + b_y, [B, outputs], from the top layer's final state.</summary>
    public override Tensor Forward(Tensor x)
    {
        var hn = Rnn.Forward(x).HN;                       // [layers, B, H]
        return Fc.Forward(hn.Select(0, hn.Size(0) - 1));
    }

    /// <summary>Mean squared error against <paramref name="y"/> [B, outputs].</summary>
    public StepLoss Loss(Tensor x, Tensor y)
    {
        var prediction = Forward(x);
        if (!y.ShapeSpan.SequenceEqual(prediction.ShapeSpan))
            throw new ArgumentException($"sequence regressor: targets are {ShapeUtil.Format(y.ShapeSpan)}, predictions {ShapeUtil.Format(prediction.ShapeSpan)}.", nameof(y));
        return new StepLoss((prediction - y).Square().Mean(), x.Size(0));
    }
}
