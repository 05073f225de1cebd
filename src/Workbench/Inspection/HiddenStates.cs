using Workbench.Autograd;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Inspection;

/// <summary>
/// What a one-layer character model holds after reading each token of a text, ready for <see cref="UnitSearch"/> and
/// <see cref="ActivationText"/>: the hidden state a&lt;t&gt; and, for an LSTM, the memory cell c&lt;t&gt;, each [T, H]
/// (row t: after reading token t). The memory cell is where char-rnn's interpretable units live (Karpathy, Johnson and
/// Fei-Fei 2015): it is not squashed by the output gate Γo, so a unit can count or hold a flag for a long time.
/// </summary>
public sealed record HiddenStates(float[,] Hidden, float[,]? Cell)
{
    public int Steps => Hidden.GetLength(0);
    public int Units => Hidden.GetLength(1);

    /// <summary>Steps [<paramref name="start"/>, start + <paramref name="length"/>) of both, e.g. the stretch of text an
    /// <see cref="ActivationText"/> shows.</summary>
    public HiddenStates Slice(int start, int length)
    {
        if (start < 0 || length < 1 || start + length > Steps)
            throw new ArgumentOutOfRangeException(nameof(start), $"HiddenStates: steps {start}..{start + length - 1} are outside the {Steps} recorded.");
        return new HiddenStates(Rows(Hidden, start, length), Cell is null ? null : Rows(Cell, start, length));
    }

    static float[,] Rows(float[,] m, int start, int length)
    {
        int units = m.GetLength(1);
        var rows = new float[length, units];
        Buffer.BlockCopy(m, start * units * sizeof(float), rows, 0, length * units * sizeof(float));
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="model"/> (one layer) over <paramref name="ids"/> from its zero state, without gradients and
    /// in eval mode. The fused layer gives every a&lt;t&gt; in one pass; the LSTM's c&lt;t&gt; then follows from the
    /// cell's own gates (<see cref="LSTMCell"/>, all steps at once, since the gates need only x&lt;t&gt; and
    /// a&lt;t-1&gt;) and one scan c&lt;t&gt; = Γu c̃&lt;t&gt; + Γf c&lt;t-1&gt;.
    /// </summary>
    public static HiddenStates Record(RecurrentLanguageModel model, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) throw new ArgumentException("HiddenStates: no tokens to read.", nameof(ids));
        if (model.Config.NumLayers != 1)
            throw new ArgumentException($"HiddenStates: the model has {model.Config.NumLayers} layers; recording is for one-layer models (the units of a deeper stack's top layer read the layer below, not the text).", nameof(model));
        int v = model.VocabSize;
        for (int i = 0; i < ids.Count; i++)
            if ((uint)ids[i] >= (uint)v)
                throw new ArgumentOutOfRangeException(nameof(ids), $"HiddenStates: token id {ids[i]} at position {i} is outside the model's vocabulary of {v}.");

        var tokens = ids.ToArray();
        int steps = tokens.Length, units = model.Config.HiddenSize;
        using var eval = model.EvalMode();
        using var noGrad = new NoGrad();
        using var scope = Tensor.NewDisposeScope();
        var output = model.Rnn.Forward(model.Embedding, tokens, 1, steps).Output.Reshape(steps, units);   // a<1..T>
        var hidden = UnitSearch.ToMatrix(output);
        if (model.Config.Cell != CellKind.Lstm) return new HiddenStates(hidden, null);

        // The gates at step t read x<t> and a<t-1> (a<0> = 0); c<t-1> only enters through the scan below.
        var x = model.Embedding.Forward(tokens, 1, steps).Reshape(steps, model.Config.EmbeddingDim);
        var aPrev = steps == 1 ? Tensor.Zeros(1, units) : Tensor.Cat([Tensor.Zeros(1, units), output.Narrow(0, 0, steps - 1)], 0);
        var (_, gates) = LSTMCell.FromLayer(model.Rnn).Forward(x, (aPrev, Tensor.Zeros(steps, units)));
        float[] u = gates.UpdateGate.ToArray(), f = gates.ForgetGate.ToArray(), g = gates.Candidate.ToArray();
        var cell = new float[steps, units];
        for (int j = 0; j < units; j++)
        {
            float c = 0;
            for (int t = 0; t < steps; t++) cell[t, j] = c = u[t * units + j] * g[t * units + j] + f[t * units + j] * c;
        }
        return new HiddenStates(hidden, cell);
    }
}
