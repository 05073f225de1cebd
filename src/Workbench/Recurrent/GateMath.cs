using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Workbench.Recurrent;

/// <summary>
/// The per-step gate arithmetic of every cell kind, forward and analytic backward, on row-major blocks of
/// <c>batch</c> rows. Each row holds the kind's gate blocks side by side in PyTorch order (LSTM i f g o,
/// GRU r z n). Matrix products are not done here: the caller adds h&lt;t-1&gt; W_hhᵀ with one GEMM per
/// step, and every elementwise loop below is a vectorised TensorPrimitives call over one row.
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
    public static void Forward(CellKind kind, int batch, int hidden, StepMask mask,
        Span<float> gates, ReadOnlySpan<float> hh, ReadOnlySpan<float> bhn, Span<float> hn,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> hNew, Span<float> cNew)
    {
        int H = hidden, GH = kind.GateCount() * H;
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
                    TensorPrimitives.Tanh(row, row);                 // a<t> = tanh(pre)
                    row.CopyTo(hOut);
                    break;
                case CellKind.RnnRelu:
                    TensorPrimitives.Max(row, 0f, row);              // a<t> = relu(pre)
                    row.CopyTo(hOut);
                    break;
                case CellKind.Lstm:
                {
                    var ifg = row[..(2 * H)];
                    var i = row[..H]; var f = row.Slice(H, H); var g = row.Slice(2 * H, H); var o = row.Slice(3 * H, H);
                    TensorPrimitives.Sigmoid(ifg, ifg);              // Γu (i), Γf (f)
                    TensorPrimitives.Tanh(g, g);                     // c̃<t> (g)
                    TensorPrimitives.Sigmoid(o, o);                  // Γo (o)
                    var c = cNew.Slice(b * H, H);
                    TensorPrimitives.Multiply(f, cPrev.Slice(b * H, H), c);
                    TensorPrimitives.MultiplyAdd(i, g, c, c);        // c<t> = Γu * c̃<t> + Γf * c<t-1>
                    TensorPrimitives.Tanh(c, hOut);
                    TensorPrimitives.Multiply(hOut, o, hOut);        // a<t> = Γo * tanh(c<t>)
                    break;
                }
                case CellKind.Gru:
                {
                    var hrow = hh.Slice(b * GH, GH);
                    var rz = row[..(2 * H)];
                    var r = row[..H]; var z = row.Slice(H, H); var n = row.Slice(2 * H, H);
                    TensorPrimitives.Add(rz, hrow[..(2 * H)], rz);
                    TensorPrimitives.Sigmoid(rz, rz);                // Γr (r) and z = 1 - Γu
                    var hnb = hn.Slice(b * H, H);
                    if (bhn.IsEmpty) hrow.Slice(2 * H, H).CopyTo(hnb);
                    else TensorPrimitives.Add(hrow.Slice(2 * H, H), bhn, hnb);
                    TensorPrimitives.MultiplyAdd(r, hnb, n, n);
                    TensorPrimitives.Tanh(n, n);                     // c̃<t> = tanh(W_in x + b_in + Γr * (W_hn a<t-1> + b_hn))
                    TensorPrimitives.Subtract(hp, n, hOut);
                    TensorPrimitives.MultiplyAdd(z, hOut, n, hOut);  // a<t> = n + z * (a<t-1> - n)
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
    /// <paramref name="scratch"/> needs 2H floats.
    /// </summary>
    public static void Backward(CellKind kind, int batch, int hidden, StepMask mask,
        Span<float> gates, Span<float> dGh, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> cNew,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dhPrev, Span<float> scratch)
    {
        int H = hidden, GH = kind.GateCount() * H;
        var t1 = scratch[..H]; var t2 = scratch.Slice(H, H);
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
                    TensorPrimitives.Multiply(row, row, t1);
                    TensorPrimitives.Subtract(1f, t1, t1);
                    TensorPrimitives.Multiply(t1, d, row);           // d pre = dh (1 - a²)
                    dPrev.Clear();
                    break;
                case CellKind.RnnRelu:
                    for (int j = 0; j < H; j++) row[j] = row[j] > 0f ? d[j] : 0f;
                    dPrev.Clear();
                    break;
                case CellKind.Lstm:
                {
                    var i = row[..H]; var f = row.Slice(H, H); var g = row.Slice(2 * H, H); var o = row.Slice(3 * H, H);
                    var dcb = dc.Slice(b * H, H);
                    TensorPrimitives.Tanh(cNew.Slice(b * H, H), t1);         // tanh(c<t>)
                    // dc<t> total = dc + dh Γo (1 - tanh²(c<t>))
                    TensorPrimitives.Multiply(t1, t1, t2);
                    TensorPrimitives.Subtract(1f, t2, t2);
                    TensorPrimitives.Multiply(t2, o, t2);
                    TensorPrimitives.MultiplyAdd(t2, d, dcb, dcb);
                    // output gate: d pre_o = dh tanh(c) o (1 - o)
                    TensorPrimitives.Multiply(t1, d, t1);
                    TensorPrimitives.Subtract(1f, o, t2);
                    TensorPrimitives.Multiply(t2, o, t2);
                    TensorPrimitives.Multiply(t1, t2, o);
                    // input gate: d pre_i = dc g i (1 - i); candidate: d pre_g = dc i (1 - g²)
                    TensorPrimitives.Subtract(1f, i, t1);
                    TensorPrimitives.Multiply(t1, g, t1);                    // g (1 - i)
                    TensorPrimitives.Multiply(g, g, t2);
                    TensorPrimitives.Subtract(1f, t2, t2);
                    TensorPrimitives.Multiply(t2, i, g);                     // g slot <- i (1 - g²)
                    TensorPrimitives.Multiply(g, dcb, g);
                    TensorPrimitives.Multiply(t1, i, i);                     // i slot <- g i (1 - i)
                    TensorPrimitives.Multiply(i, dcb, i);
                    // forget gate: d pre_f = dc c<t-1> f (1 - f); dc<t-1> = dc f
                    TensorPrimitives.Subtract(1f, f, t1);
                    TensorPrimitives.Multiply(t1, cPrev.Slice(b * H, H), t1);
                    TensorPrimitives.Multiply(dcb, f, dcb);
                    TensorPrimitives.Multiply(t1, dcb, f);
                    dPrev.Clear();
                    break;
                }
                case CellKind.Gru:
                {
                    var r = row[..H]; var z = row.Slice(H, H); var n = row.Slice(2 * H, H);
                    var gh = dGh.Slice(b * GH, GH);
                    var hp = hPrev.Slice(b * H, H);
                    // h = n + z (h_prev - n): dz = dh (h_prev - n), dn = dh (1 - z), direct dh_prev = dh z
                    TensorPrimitives.Multiply(d, z, dPrev);
                    TensorPrimitives.Subtract(hp, n, t1);
                    TensorPrimitives.Multiply(t1, d, t1);                    // dz
                    TensorPrimitives.Subtract(1f, z, t2);
                    TensorPrimitives.Multiply(t2, z, t2);
                    TensorPrimitives.Multiply(t1, t2, z);                    // z slot <- d pre_z
                    TensorPrimitives.Subtract(d, dPrev, t1);                 // dn = dh - dh z
                    TensorPrimitives.Multiply(n, n, t2);
                    TensorPrimitives.Subtract(1f, t2, t2);
                    TensorPrimitives.Multiply(t1, t2, n);                    // n slot <- d pre_n
                    var hnb = hn.Slice(b * H, H);
                    TensorPrimitives.Multiply(n, r, gh.Slice(2 * H, H));     // d(W_hn h + b_hn) = d pre_n r
                    TensorPrimitives.Multiply(n, hnb, t1);                   // dr = d pre_n hn
                    TensorPrimitives.Subtract(1f, r, t2);
                    TensorPrimitives.Multiply(t2, r, t2);
                    TensorPrimitives.Multiply(t1, t2, r);                    // r slot <- d pre_r
                    row[..(2 * H)].CopyTo(gh);
                    break;
                }
            }
        }
    }
}
