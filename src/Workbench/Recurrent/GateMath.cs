using System.Numerics;
using System.Runtime.CompilerServices;
using static Workbench.Tensors.Kernels.VectorMath;

namespace Workbench.Recurrent;

/// <summary>
/// The per-step gate arithmetic of every cell kind, forward and analytic backward, on row-major blocks of
/// <c>batch</c> rows. Each row holds the kind's gate blocks side by side in PyTorch order (LSTM i f g o,
/// GRU r z n). Matrix products are not done here: the caller adds h&lt;t-1&gt; W_hhᵀ with one GEMM per
/// step. Each cell's arithmetic is one fused loop over a row, a vector of columns at a time, reading
/// every input once and writing every output once (see <see cref="VectorMath"/>).
/// A row whose sequence has ended (padding) copies its state through unchanged and has zero gate gradients,
/// which is what packed sequences do in PyTorch.
/// </summary>
internal static class GateMath
{
    /// <summary>Whether row b of a block that starts at batch row <paramref name="firstRow"/> takes part in
    /// the step at time t (t &lt; its sequence's length).</summary>
    internal readonly struct StepMask(int[]? lengths, int t, int firstRow)
    {
        public bool Valid(int b) => lengths is null || t < lengths[firstRow + b];
    }

    /// <summary>
    /// One step forward. <paramref name="gates"/> [B, G*H] enters as pre-activations (input projection,
    /// biases and, for RNN/LSTM, the recurrent product already summed) and leaves as activations, which the
    /// backward pass reads. GRU only: <paramref name="hh"/> [B, 3H] is h&lt;t-1&gt; W_hhᵀ without bias,
    /// <paramref name="bhn"/> is b_hn (empty without bias), and W_hn h + b_hn is stored in <paramref name="hn"/> [B, H].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: skip tier-0 code
    public static void Forward(CellKind kind, int batch, int hidden, StepMask mask,
        Span<float> gates, ReadOnlySpan<float> hh, ReadOnlySpan<float> bhn, Span<float> hn,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> hNew, Span<float> cNew)
    {
        int H = hidden, GH = kind.GateCount() * H, W = Width;
        for (int b = 0; b < batch; b++)
        {
            var hp = hPrev.Slice(b * H, H);
            var hOut = hNew.Slice(b * H, H);
            if (!mask.Valid(b))
            {
                hp.CopyTo(hOut);
                if (kind == CellKind.Lstm) cPrev.Slice(b * H, H).CopyTo(cNew.Slice(b * H, H));
                continue;
            }
            var row = gates.Slice(b * GH, GH);
            switch (kind)
            {
                case CellKind.RnnTanh:
                case CellKind.RnnRelu:
                    for (int j = 0; j < H; j += W)
                    {
                        var pre = Load(row, j);
                        var a = kind == CellKind.RnnTanh ? Tanh(pre) : Vector.Max(pre, Vector<float>.Zero);   // a<t>
                        Store(row, j, a);
                        Store(hOut, j, a);
                    }
                    break;
                case CellKind.Lstm:
                {
                    var i = row[..H]; var f = row.Slice(H, H); var g = row.Slice(2 * H, H); var o = row.Slice(3 * H, H);
                    var cp = cPrev.Slice(b * H, H); var c = cNew.Slice(b * H, H);
                    for (int j = 0; j < H; j += W)
                    {
                        var gi = Sigmoid(Load(i, j));                      // Γu
                        var gf = Sigmoid(Load(f, j));                      // Γf
                        var cand = Tanh(Load(g, j));                       // c̃<t>
                        var go = Sigmoid(Load(o, j));                      // Γo
                        var cell = gf * Load(cp, j) + gi * cand;           // c<t> = Γu * c̃<t> + Γf * c<t-1>
                        Store(i, j, gi); Store(f, j, gf); Store(g, j, cand); Store(o, j, go);
                        Store(c, j, cell);
                        Store(hOut, j, go * Tanh(cell));                   // a<t> = Γo * tanh(c<t>)
                    }
                    break;
                }
                case CellKind.Gru:
                {
                    var hrow = hh.Slice(b * GH, GH);
                    var r = row[..H]; var z = row.Slice(H, H); var n = row.Slice(2 * H, H);
                    var hhr = hrow[..H]; var hhz = hrow.Slice(H, H); var hhn = hrow.Slice(2 * H, H);
                    var hnb = hn.Slice(b * H, H);
                    for (int j = 0; j < H; j += W)
                    {
                        var gr = Sigmoid(Load(r, j) + Load(hhr, j));       // Γr
                        var gz = Sigmoid(Load(z, j) + Load(hhz, j));       // z = 1 - Γu
                        var hnj = bhn.IsEmpty ? Load(hhn, j) : Load(hhn, j) + Load(bhn, j);
                        var cand = Tanh(Load(n, j) + gr * hnj);            // c̃<t> = tanh(W_in x + b_in + Γr * (W_hn a<t-1> + b_hn))
                        Store(r, j, gr); Store(z, j, gz); Store(n, j, cand); Store(hnb, j, hnj);
                        Store(hOut, j, cand + gz * (Load(hp, j) - cand)); // a<t> = n + z * (a<t-1> - n)
                    }
                    break;
                }
            }
        }
    }

    /// <summary>
    /// One step backward. <paramref name="dh"/> [B, H] is dL/dh&lt;t&gt; (from the output and the later steps);
    /// for the LSTM <paramref name="dc"/> [B, H] enters as dL/dc&lt;t&gt; from later steps and leaves as dL/dc&lt;t-1&gt;.
    /// <paramref name="gates"/> (the activations saved by <see cref="Forward"/>) is overwritten with the
    /// gradients of the pre-activations, which is also the gradient of the input projection. GRU only:
    /// <paramref name="dGh"/> [B, 3H] receives the gradient of h&lt;t-1&gt; W_hhᵀ + b_hh (its n block is scaled by r).
    /// <paramref name="dhPrev"/> [B, H] receives the part of dL/dh&lt;t-1&gt; that does not pass through W_hh
    /// (GRU's z * dh; all of dh for a padded row); the caller adds dGates W_hh with one GEMM.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(CellKind kind, int batch, int hidden, StepMask mask,
        Span<float> gates, Span<float> dGh, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> cNew,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dhPrev)
    {
        int H = hidden, GH = kind.GateCount() * H, W = Width;
        var one = Vector<float>.One;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * GH, GH);
            var d = dh.Slice(b * H, H);
            var dPrev = dhPrev.Slice(b * H, H);
            if (!mask.Valid(b))
            {   // padding: the state passed straight through this step
                row.Clear();
                if (kind == CellKind.Gru) dGh.Slice(b * GH, GH).Clear();
                d.CopyTo(dPrev);
                continue;
            }
            switch (kind)
            {
                case CellKind.RnnTanh:
                case CellKind.RnnRelu:
                    for (int j = 0; j < H; j += W)
                    {
                        var a = Load(row, j);
                        var dpre = kind == CellKind.RnnTanh
                            ? Load(d, j) * (one - a * a)                                      // dh (1 - a²)
                            : Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<float>.Zero), Load(d, j), Vector<float>.Zero);
                        Store(row, j, dpre);
                    }
                    dPrev.Clear();
                    break;
                case CellKind.Lstm:
                {
                    var i = row[..H]; var f = row.Slice(H, H); var g = row.Slice(2 * H, H); var o = row.Slice(3 * H, H);
                    var dcb = dc.Slice(b * H, H); var cp = cPrev.Slice(b * H, H); var cn = cNew.Slice(b * H, H);
                    for (int j = 0; j < H; j += W)
                    {
                        Vector<float> gi = Load(i, j), gf = Load(f, j), cand = Load(g, j), go = Load(o, j), dhj = Load(d, j);
                        var th = Tanh(Load(cn, j));                                          // tanh(c<t>)
                        var dcTot = Load(dcb, j) + dhj * go * (one - th * th);               // dc + dh Γo (1 - tanh²(c<t>))
                        Store(o, j, dhj * th * go * (one - go));                             // d pre_o
                        Store(i, j, dcTot * cand * gi * (one - gi));                         // d pre_i
                        Store(g, j, dcTot * gi * (one - cand * cand));                       // d pre_g
                        Store(f, j, dcTot * Load(cp, j) * gf * (one - gf));                  // d pre_f
                        Store(dcb, j, dcTot * gf);                                           // dc<t-1>
                    }
                    dPrev.Clear();
                    break;
                }
                case CellKind.Gru:
                {
                    var r = row[..H]; var z = row.Slice(H, H); var n = row.Slice(2 * H, H);
                    var gh = dGh.Slice(b * GH, GH);
                    var ghr = gh[..H]; var ghz = gh.Slice(H, H); var ghn = gh.Slice(2 * H, H);
                    var hp = hPrev.Slice(b * H, H); var hnb = hn.Slice(b * H, H);
                    for (int j = 0; j < H; j += W)
                    {
                        Vector<float> gr = Load(r, j), gz = Load(z, j), cand = Load(n, j), dhj = Load(d, j);
                        // h = n + z (h_prev - n): dz = dh (h_prev - n), dn = dh (1 - z), direct dh_prev = dh z
                        var dz = dhj * (Load(hp, j) - cand) * gz * (one - gz);               // d pre_z
                        var dn = dhj * (one - gz) * (one - cand * cand);                     // d pre_n
                        var dr = dn * Load(hnb, j) * gr * (one - gr);                        // d pre_r
                        Store(dPrev, j, dhj * gz);
                        Store(r, j, dr); Store(z, j, dz); Store(n, j, dn);
                        Store(ghr, j, dr); Store(ghz, j, dz); Store(ghn, j, dn * gr);       // d(W_hn h + b_hn) = d pre_n r
                    }
                    break;
                }
            }
        }
    }
}
