using System.Numerics;
using System.Runtime.CompilerServices;
using static Workbench.Tensors.Kernels.VectorMath;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// The gate arithmetic of one step of one batch row, forward and analytic backward, one pair per cell kind
/// (llm.c style): the fast copy of what <see cref="RNNCell"/>, <see cref="GRUCell"/> and <see cref="LSTMCell"/>
/// compute with tensor operations, and tested against them gate by gate. A row's gate blocks sit side by side in
/// PyTorch order (RNN z; GRU r z n; LSTM i f g o), H floats each. Matrix products are not done here: the caller
/// adds a&lt;t-1&gt; W_hhᵀ with one GEMM per step, and turns the pre-activation gradients these functions leave
/// behind into dW and da&lt;t-1&gt; with more GEMMs. Each function is one loop over the row, a vector of columns at a
/// time, reading every input once and writing every output once (see <see cref="Workbench.Tensors.Kernels.VectorMath"/>).
/// </summary>
internal static class GateMath
{
    // ------------------------------------------------------------------ RNN
    //   a<t> = tanh(z<t>)   or relu(z<t>),   z<t> = W_ih x<t> + b_ih + W_hh a<t-1> + b_hh

    /// <summary><paramref name="z"/> [H] enters as z&lt;t&gt; and leaves as a&lt;t&gt; (what the backward pass reads);
    /// <paramref name="a"/> [H] receives a&lt;t&gt;.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // one call per row and step: inlined into the recurrence
    public static void RnnForward(bool relu, Span<float> z, Span<float> a)
    {
        for (int j = 0; j < z.Length; j += Width)
        {
            var pre = Load(z, j);
            var act = relu ? Vector.Max(pre, Vector<float>.Zero) : Tanh(pre);
            Store(z, j, act);
            Store(a, j, act);
        }
    }

    /// <summary><paramref name="a"/> [H] enters as the saved a&lt;t&gt; and leaves as dL/dz&lt;t&gt;, given
    /// <paramref name="da"/> = dL/da&lt;t&gt;. All of da&lt;t-1&gt; then flows through W_hh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RnnBackward(bool relu, Span<float> a, ReadOnlySpan<float> da)
    {
        var one = Vector<float>.One;
        for (int j = 0; j < a.Length; j += Width)
        {
            var act = Load(a, j);
            var dz = relu
                ? Vector.ConditionalSelect(Vector.GreaterThan(act, Vector<float>.Zero), Load(da, j), Vector<float>.Zero)
                : Load(da, j) * (one - act * act);                                   // tanh' = 1 - a²
            Store(a, j, dz);
        }
    }

    // ------------------------------------------------------------------ GRU
    //   Γr   = σ(x_r + h_r)                    x_· = W_i· x<t> + b_i· (+ b_h· for r and z), h_· = W_h· a<t-1>
    //   z    = σ(x_z + h_z)                    (Γu = 1 - z)
    //   c̃<t> = tanh(x_n + Γr * (h_n + b_hn))
    //   a<t> = c̃<t> + z * (a<t-1> - c̃<t>)      = (1 - z) c̃<t> + z a<t-1>

    /// <summary><paramref name="gates"/> [3H] enters as x_r, x_z, x_n and leaves as Γr, z, c̃&lt;t&gt;;
    /// <paramref name="hh"/> [3H] is a&lt;t-1&gt; W_hhᵀ without bias; <paramref name="bhn"/> is b_hn (empty without bias);
    /// <paramref name="hn"/> [H] receives h_n + b_hn for the backward pass; <paramref name="a"/> [H] receives a&lt;t&gt;.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GruForward(Span<float> gates, ReadOnlySpan<float> hh, ReadOnlySpan<float> bhn, Span<float> hn,
        ReadOnlySpan<float> aPrev, Span<float> a)
    {
        int H = a.Length;
        var r = gates[..H]; var z = gates.Slice(H, H); var n = gates.Slice(2 * H, H);
        var hr = hh[..H]; var hz = hh.Slice(H, H); var hnRaw = hh.Slice(2 * H, H);
        for (int j = 0; j < H; j += Width)
        {
            var gr = Sigmoid(Load(r, j) + Load(hr, j));                          // Γr
            var gz = Sigmoid(Load(z, j) + Load(hz, j));                          // z = 1 - Γu
            var hnj = bhn.IsEmpty ? Load(hnRaw, j) : Load(hnRaw, j) + Load(bhn, j);
            var cand = Tanh(Load(n, j) + gr * hnj);                              // c̃<t>
            Store(r, j, gr); Store(z, j, gz); Store(n, j, cand); Store(hn, j, hnj);
            Store(a, j, cand + gz * (Load(aPrev, j) - cand));                   // a<t>
        }
    }

    /// <summary><paramref name="gates"/> [3H] enters as the saved Γr, z, c̃&lt;t&gt; and leaves as dL/d(x_r, x_z, x_n);
    /// <paramref name="dhh"/> [3H] receives dL/d(h_r, h_z, h_n + b_hn); <paramref name="daPrev"/> [H] receives the part
    /// of dL/da&lt;t-1&gt; that skips W_hh (z * da); the caller adds dhh W_hh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GruBackward(Span<float> gates, Span<float> dhh, ReadOnlySpan<float> hn, ReadOnlySpan<float> aPrev,
        ReadOnlySpan<float> da, Span<float> daPrev)
    {
        int H = da.Length;
        var one = Vector<float>.One;
        var r = gates[..H]; var z = gates.Slice(H, H); var n = gates.Slice(2 * H, H);
        var dhr = dhh[..H]; var dhz = dhh.Slice(H, H); var dhn = dhh.Slice(2 * H, H);
        for (int j = 0; j < H; j += Width)
        {
            Vector<float> gr = Load(r, j), gz = Load(z, j), cand = Load(n, j), daj = Load(da, j);
            var dz = daj * (Load(aPrev, j) - cand) * gz * (one - gz);            // through z (σ' = z (1 - z))
            var dn = daj * (one - gz) * (one - cand * cand);                     // through c̃<t> (tanh' = 1 - c̃²)
            var dr = dn * Load(hn, j) * gr * (one - gr);                         // through Γr
            Store(daPrev, j, daj * gz);
            Store(r, j, dr); Store(z, j, dz); Store(n, j, dn);
            Store(dhr, j, dr); Store(dhz, j, dz); Store(dhn, j, dn * gr);       // h_n enters scaled by Γr
        }
    }

    // ------------------------------------------------------------------ LSTM
    //   Γu = σ(i), Γf = σ(f), c̃<t> = tanh(g), Γo = σ(o)        i, f, g, o = W_i· x<t> + b_i· + W_h· a<t-1> + b_h·
    //   c<t> = Γu * c̃<t> + Γf * c<t-1>
    //   a<t> = Γo * tanh(c<t>)

    /// <summary><paramref name="gates"/> [4H] enters as i, f, g, o and leaves as Γu, Γf, c̃&lt;t&gt;, Γo;
    /// <paramref name="c"/> and <paramref name="a"/> [H] receive c&lt;t&gt; and a&lt;t&gt;.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LstmForward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> a)
    {
        int H = a.Length;
        var i = gates[..H]; var f = gates.Slice(H, H); var g = gates.Slice(2 * H, H); var o = gates.Slice(3 * H, H);
        for (int j = 0; j < H; j += Width)
        {
            var gu = Sigmoid(Load(i, j));                                        // Γu
            var gf = Sigmoid(Load(f, j));                                        // Γf
            var cand = Tanh(Load(g, j));                                         // c̃<t>
            var go = Sigmoid(Load(o, j));                                        // Γo
            var cell = gf * Load(cPrev, j) + gu * cand;                          // c<t>
            Store(i, j, gu); Store(f, j, gf); Store(g, j, cand); Store(o, j, go);
            Store(c, j, cell);
            Store(a, j, go * Tanh(cell));                                        // a<t>
        }
    }

    /// <summary><paramref name="gates"/> [4H] enters as the saved Γu, Γf, c̃&lt;t&gt;, Γo and leaves as dL/d(i, f, g, o);
    /// <paramref name="dc"/> [H] enters as dL/dc&lt;t&gt; from later steps and leaves as dL/dc&lt;t-1&gt;. All of
    /// da&lt;t-1&gt; flows through W_hh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LstmBackward(Span<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c,
        ReadOnlySpan<float> da, Span<float> dc)
    {
        int H = da.Length;
        var one = Vector<float>.One;
        var i = gates[..H]; var f = gates.Slice(H, H); var g = gates.Slice(2 * H, H); var o = gates.Slice(3 * H, H);
        for (int j = 0; j < H; j += Width)
        {
            Vector<float> gu = Load(i, j), gf = Load(f, j), cand = Load(g, j), go = Load(o, j), daj = Load(da, j);
            var th = Tanh(Load(c, j));                                           // tanh(c<t>)
            var dcTot = Load(dc, j) + daj * go * (one - th * th);                // dc<t> + da Γo (1 - tanh²(c<t>))
            Store(o, j, daj * th * go * (one - go));                             // d o
            Store(i, j, dcTot * cand * gu * (one - gu));                         // d i
            Store(g, j, dcTot * gu * (one - cand * cand));                       // d g
            Store(f, j, dcTot * Load(cPrev, j) * gf * (one - gf));               // d f
            Store(dc, j, dcTot * gf);                                            // dc<t-1>
        }
    }
}
