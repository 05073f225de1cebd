using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// One timestep of a unidirectional stack for a few rows, the decoding step (batch 1, or a few beams), with no graph:
/// for each layer, bottom to top,
/// <code>
///   gates = b + W_ih x + W_hh a&lt;t-1&gt;        b = b_ih + b_hh (GRU: b_hn apart, Γr scales it)
///   a&lt;t&gt;, c&lt;t&gt; = cell(gates, a&lt;t-1&gt;, c&lt;t-1&gt;)   GateMath, as in the batched pass
/// </code>
/// and the layer's a&lt;t&gt; is the next layer's x. The products are <see cref="MatVec"/>'s, on the weights in place:
/// the batched pass (<see cref="DirectionPass"/>) packs W_hh and W_ih for the GEMM on every call, which for one row
/// costs more than the product. Same equations, same gate arithmetic, same order of operations in the products (the
/// bias first, then x W_ihᵀ, then a&lt;t-1&gt; W_hhᵀ added): the batched pass's bits.
/// </summary>
internal static class StackStep
{
    /// <summary>Runs the step on <paramref name="x"/> [rows, in] from <paramref name="h0"/>, <paramref name="c0"/>
    /// ([L, rows, H]; null: zeros). Returns the top layer's a&lt;t&gt; [rows, H] and the new states [L, rows, H].</summary>
    public static (float[] Top, float[] HN, float[]? CN) Run(CellKind kind, DirectionWeights[] weights, int hidden,
        ReadOnlySpan<float> x, int rows, float[]? h0, float[]? c0)
    {
        int layers = weights.Length, H = hidden, GH = kind.GateCount() * H, RH = rows * H;
        bool lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;
        var hn = new float[layers * RH];
        var cn = lstm ? new float[layers * RH] : null;
        var gates = new float[rows * GH];
        var hh = gru ? new float[rows * GH] : [];
        var hnPart = gru ? new float[H] : [];     // GateMath keeps W_hn a<t-1> + b_hn for a backward pass; unused here
        var zeros = h0 is null || (lstm && c0 is null) ? new float[RH] : [];
        var input = x;
        for (int l = 0; l < layers; l++)
        {
            var w = weights[l];
            int inF = w.WeightIh.Size(1);
            ReadOnlySpan<float> aPrev = h0 is null ? zeros : h0.AsSpan(l * RH, RH);
            ReadOnlySpan<float> cPrev = !lstm ? default : c0 is null ? zeros : c0.AsSpan(l * RH, RH);
            var a = hn.AsSpan(l * RH, RH);
            var c = lstm ? cn.AsSpan(l * RH, RH) : default;

            bool bias = w.BiasIh is not null && w.BiasHh is not null;
            if (bias)
                for (int r = 0; r < rows; r++)
                {
                    var g = gates.AsSpan(r * GH, GH);
                    System.Numerics.Tensors.TensorPrimitives.Add(w.BiasIh!.data, w.BiasHh!.data, g);
                    if (gru) w.BiasIh!.data.AsSpan(2 * H, H).CopyTo(g.Slice(2 * H));
                }
            MatVec.Multiply(w.WeightIh.data, GH, inF, input, rows, bias ? 1f : 0f, gates);
            if (gru) MatVec.Multiply(w.WeightHh.data, GH, H, aPrev, rows, 0f, hh);   // GRU keeps W_hn a<t-1> apart
            else MatVec.Multiply(w.WeightHh.data, GH, H, aPrev, rows, 1f, gates);

            var bhn = gru && bias ? w.BiasHh!.data.AsSpan(2 * H, H) : default;
            for (int r = 0; r < rows; r++)
            {
                var row = new Range(r * H, (r + 1) * H);
                var g = gates.AsSpan(r * GH, GH);
                switch (kind)
                {
                    case CellKind.Lstm: GateMath.LstmForward(g, cPrev[row], c[row], a[row]); break;
                    case CellKind.Gru: GateMath.GruForward(g, hh.AsSpan(r * GH, GH), bhn, hnPart, aPrev[row], a[row]); break;
                    default: GateMath.RnnForward(kind == CellKind.RnnRelu, g, a[row]); break;
                }
            }
            input = a;
        }
        return (hn.AsSpan((layers - 1) * RH, RH).ToArray(), hn, cn);
    }
}
