using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Initialisations that fight vanishing gradients by making the untrained recurrence keep what it carries. Backprop
/// through time multiplies the gradient by ∂a&lt;t&gt;/∂a&lt;t-1&gt; once per step (for a tanh RNN, diag(1 − a&lt;t&gt;²) W_aa),
/// so the recurrent matrix's singular values, and for an LSTM the forget gate, decide how fast it fades:
/// <list type="bullet">
/// <item><see cref="Orthogonal"/>: each gate block of W_aa (weight_hh) orthogonal, every singular value 1 (Saxe et al. 2014).</item>
/// <item><see cref="Identity"/>: W_aa = I and b_a = 0 for a ReLU RNN, the IRNN of Le, Jaitly and Hinton (2015): at the
/// start a&lt;t&gt; copies a&lt;t-1&gt; plus the new input, and the gradient passes back unchanged.</item>
/// <item><see cref="ForgetGateBias"/>: the LSTM's forget-gate bias b_f set to 1 (Gers et al. 2000; Jozefowicz et al. 2015),
/// so Γf starts near σ(1) ≈ 0.73 rather than 0.5 and the memory c&lt;t&gt; fades slowly.</item>
/// </list>
/// Each changes every layer and direction in place and leaves the other parameters as PyTorch drew them.
/// </summary>
public static class RecurrentInit
{
    /// <summary>Every gate block of every weight_hh (each [H, H]) orthogonal, times <paramref name="gain"/>.</summary>
    public static void Orthogonal(RecurrentLayer layer, Generator? generator = null, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int h = layer.HiddenSize;
        foreach (var w in Parameters(layer, "weight_hh_"))
            for (int k = 0; k < layer.Kind.GateCount(); k++)
            {
                var block = Init.Orthogonal(Tensor.Zeros(h, h), gain, generator);
                block.Values.CopyTo(w.AsSpan().Slice(k * h * h, h * h));
            }
    }

    /// <summary>W_aa = I and both biases zero in a vanilla RNN (use NonLinearity.ReLU for the IRNN).</summary>
    public static void Identity(RecurrentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Kind is not (CellKind.RnnTanh or CellKind.RnnRelu))
            throw new ArgumentException($"RecurrentInit.Identity: is for a vanilla RNN (the IRNN); a {layer.Kind.ModuleName()} has gate blocks, so use Orthogonal or ForgetGateBias.", nameof(layer));
        foreach (var w in Parameters(layer, "weight_hh_")) Init.Eye(w);
        foreach (var b in Parameters(layer, "bias_")) Init.Zeros(b);
    }

    /// <summary>The LSTM forget-gate bias b_f = bias_ih[f] + bias_hh[f] set to <paramref name="value"/>: block f (rows
    /// H … 2H − 1 in PyTorch's order i, f, g, o) of bias_ih becomes <paramref name="value"/> and of bias_hh zero.</summary>
    public static void ForgetGateBias(RecurrentLayer layer, float value = 1f)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Kind != CellKind.Lstm)
            throw new ArgumentException($"RecurrentInit.ForgetGateBias: only an LSTM has a forget gate; this layer is a {layer.Kind.ModuleName()}.", nameof(layer));
        if (!layer.HasBias)
            throw new ArgumentException("RecurrentInit.ForgetGateBias: the layer was built with bias: false, so there is no forget-gate bias to set.", nameof(layer));
        int h = layer.HiddenSize;
        foreach (var b in Parameters(layer, "bias_ih_")) b.AsSpan().Slice(h, h).Fill(value);
        foreach (var b in Parameters(layer, "bias_hh_")) b.AsSpan().Slice(h, h).Clear();
    }

    static IEnumerable<Tensor> Parameters(RecurrentLayer layer, string prefix) =>
        layer.NamedParameters().Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Parameter);
}
