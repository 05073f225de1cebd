using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// The recurrence of one layer in one direction, forward and backward through time. Forward, for each step t in
/// reading order (T-1 down to 0 for the reverse direction):
/// <code>
///   gates&lt;t&gt;     = P&lt;t&gt; + a&lt;t-1&gt; W_hhᵀ           P&lt;t&gt; = x&lt;t&gt; W_ihᵀ + b, from the InputProjection
///   a&lt;t&gt;, c&lt;t&gt;   = cell(gates&lt;t&gt;, a&lt;t-1&gt;, c&lt;t-1&gt;)   GateMath, row by row
/// </code>
/// and backward, for each step in the opposite order:
/// <code>
///   da&lt;t&gt;        += dL/doutput&lt;t&gt;
///   dgates&lt;t&gt;, dc&lt;t-1&gt; = cell backward(da&lt;t&gt;, dc&lt;t&gt;)
///   da&lt;t-1&gt;       = (the part that skips W_hh) + dgates&lt;t&gt; W_hh
/// </code>
/// then dW_hh = Σ_t dgates&lt;t&gt;ᵀ a&lt;t-1&gt; and the biases' gradients over all steps at once. A row whose sequence has
/// ended (t past its length) copies its state through and gets no gradient, which is what packed sequences do in
/// PyTorch. Everything is time-major ([T, B, ...]) so that each step's block of rows is contiguous; states live in a
/// [T+1, B, H] buffer indexed by time with the initial state in slot 0 (forward) or slot T (reverse), so "the state
/// before step t" for all t is one matrix for the dW_hh product. The row blocks (<see cref="RowBlocks"/>) run in
/// parallel, each through the whole sequence.
/// </summary>
internal sealed class DirectionPass
{
    readonly CellKind kind;
    readonly int B, T, H, GH, directions, direction, slot;
    readonly int[]? lengths;
    readonly DirectionWeights w;
    readonly InputProjection input;
    readonly bool reverse, lstm, gru;
    readonly int prevOff, newOff;     // slot of a<t-1> and a<t> relative to t in the [T+1, B, H] buffers

    // Saved by the forward pass for the backward pass.
    readonly float[] gates;           // [T, B, G*H] activations; overwritten by the pre-activation gradients
    readonly float[] states;          // [T+1, B, H] a<t>
    readonly float[]? cells;          // LSTM: [T+1, B, H] c<t>
    readonly float[]? hnPart;         // GRU: [T, B, H] W_hn a<t-1> + b_hn
    readonly ScratchBuffers scratch;

    public DirectionPass(CellKind kind, int batch, int steps, int hidden, int directions, int direction, int slot,
        int[]? lengths, DirectionWeights w, InputProjection input, ScratchBuffers scratch)
    {
        (this.kind, B, T, H, this.directions, this.direction, this.slot, this.lengths, this.w, this.input, this.scratch) =
            (kind, batch, steps, hidden, directions, direction, slot, lengths, w, input, scratch);
        GH = kind.GateCount() * hidden;
        (reverse, lstm, gru) = (direction == 1, kind == CellKind.Lstm, kind == CellKind.Gru);
        (prevOff, newOff) = reverse ? (1, 0) : (0, 1);
        int BH = B * H;
        gates = scratch.Rent(T * B * GH);
        states = scratch.Rent((T + 1) * BH);
        cells = lstm ? scratch.Rent((T + 1) * BH) : null;
        hnPart = gru ? scratch.Rent(T * BH) : null;
    }

    /// <summary>Whether row b takes part in step t (t &lt; its sequence's length).</summary>
    bool Valid(int t, int b) => lengths is null || t < lengths[b];

    // ------------------------------------------------------------------ forward

    /// <summary>Runs the direction from <paramref name="h0"/>, <paramref name="c0"/> ([L*D, B, H] or null: zeros),
    /// writing a&lt;t&gt; into its columns of the batch-first <paramref name="output"/> [B, T, D*H] (zero at padded steps)
    /// and the final states into <paramref name="hn"/>, <paramref name="cn"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(float[]? h0, float[]? c0, float[] output, float[] hn, float[]? cn)
    {
        int BH = B * H;
        input.Forward(w, FoldedBiases(), gates);
        int initSlot = reverse ? T : 0, finalSlot = reverse ? 0 : T;
        CopyState(h0, states.AsSpan(initSlot * BH, BH));
        if (lstm) CopyState(c0, cells!.AsSpan(initSlot * BH, BH));
        using var whhT = StepProduct.HiddenToGates(w.WeightHh.data, H, GH);
        RowBlocks.ForEach(B, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b0, rows) =>
        {
            var hh = gru ? new float[rows * GH] : [];
            int RH = rows * H, RG = rows * GH;
            for (int step = 0; step < T; step++)
            {
                int t = reverse ? T - 1 - step : step;
                var aPrev = states.AsSpan((t + prevOff) * BH + b0 * H, RH);
                var a = states.AsSpan((t + newOff) * BH + b0 * H, RH);
                var g = gates.AsSpan(t * B * GH + b0 * GH, RG);
                input.Step(t, b0, rows, g);
                if (gru) whhT.Multiply(rows, aPrev, H, 0f, hh, GH);     // GRU keeps W_hn a<t-1> apart: Γr scales it
                else whhT.Multiply(rows, aPrev, H, 1f, g, GH);
                CellForward(t, b0, rows, g, hh, aPrev, a);
                WriteOutput(t, b0, rows, a, output);
            }
            states.AsSpan(finalSlot * BH + b0 * H, RH).CopyTo(hn.AsSpan(slot * BH + b0 * H));
            if (lstm) cells!.AsSpan(finalSlot * BH + b0 * H, RH).CopyTo(cn.AsSpan(slot * BH + b0 * H));
        });
    }

    /// <summary>b_ih + b_hh, folded into the input projection (GRU keeps b_hn apart: Γr scales it); null without bias.</summary>
    float[]? FoldedBiases()
    {
        if (w.BiasIh is null || w.BiasHh is null) return null;
        var fold = new float[GH];
        TensorPrimitives.Add(w.BiasIh.data, w.BiasHh.data, fold);
        if (gru) w.BiasIh.data.AsSpan(2 * H, H).CopyTo(fold.AsSpan(2 * H));
        return fold;
    }

    /// <summary>The cell's gate arithmetic for each row of a block at step t; padded rows copy their state through.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void CellForward(int t, int b0, int rows, Span<float> g, ReadOnlySpan<float> hh, ReadOnlySpan<float> aPrev, Span<float> a)
    {
        int BH = B * H;
        var cPrev = lstm ? cells!.AsSpan((t + prevOff) * BH + b0 * H, rows * H) : default;
        var c = lstm ? cells!.AsSpan((t + newOff) * BH + b0 * H, rows * H) : default;
        var hn = gru ? hnPart!.AsSpan(t * BH + b0 * H, rows * H) : default;
        var bhn = gru && w.BiasHh is not null ? w.BiasHh.data.AsSpan(2 * H, H) : default;
        for (int r = 0; r < rows; r++)
        {
            var row = new Range(r * H, (r + 1) * H);
            if (!Valid(t, b0 + r))
            {
                aPrev[row].CopyTo(a[row]);
                if (lstm) cPrev[row].CopyTo(c[row]);
                continue;
            }
            var gr = g.Slice(r * GH, GH);
            switch (kind)
            {
                case CellKind.Lstm: GateMath.LstmForward(gr, cPrev[row], c[row], a[row]); break;
                case CellKind.Gru: GateMath.GruForward(gr, hh.Slice(r * GH, GH), bhn, hn[row], aPrev[row], a[row]); break;
                default: GateMath.RnnForward(kind == CellKind.RnnRelu, gr, a[row]); break;
            }
        }
    }

    /// <summary>a&lt;t&gt; of a block's rows into the batch-first output, zero at padded steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void WriteOutput(int t, int b0, int rows, ReadOnlySpan<float> a, float[] output)
    {
        int DH = directions * H;
        for (int r = 0; r < rows; r++)
        {
            int b = b0 + r;
            var dst = output.AsSpan((b * T + t) * DH + direction * H, H);
            if (Valid(t, b)) a.Slice(r * H, H).CopyTo(dst);
            else dst.Clear();
        }
    }

    void CopyState(float[]? init, Span<float> dst)
    {
        if (init is null) dst.Clear();
        else init.AsSpan(slot * dst.Length, dst.Length).CopyTo(dst);
    }

    // ------------------------------------------------------------------ backward

    /// <summary>Back-propagates <paramref name="dOut"/> (dL/doutput, batch-first [B, T, D*H]) and the final states'
    /// gradients <paramref name="gHn"/>, <paramref name="gCn"/> through the direction: the weights' gradients are
    /// accumulated, the initial states' go into <paramref name="dh0"/>, <paramref name="dc0"/>, and the input's are added
    /// into <paramref name="dInput"/> (time-major, null when not needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(float[] dOut, float[]? gHn, float[]? gCn, float[]? dInput, float[] dh0, float[]? dc0)
    {
        int BH = B * H, DH = directions * H;
        var dGh = gru ? scratch.Rent(T * B * GH) : gates;   // dL/d(a<t-1> W_hhᵀ); RNN/LSTM: the pre-activation gradient itself
        using var whh = StepProduct.GatesToHidden(w.WeightHh.data, H, GH);
        RowBlocks.ForEach(B, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b0, rows) =>
        {
            int RH = rows * H, RG = rows * GH;
            var da = new float[RH];
            var daPrev = new float[RH];
            var dc = lstm ? new float[RH] : [];
            gHn?.AsSpan(slot * BH + b0 * H, RH).CopyTo(da);
            if (lstm) gCn?.AsSpan(slot * BH + b0 * H, RH).CopyTo(dc);
            for (int step = T - 1; step >= 0; step--)
            {
                int t = reverse ? T - 1 - step : step;
                for (int r = 0; r < rows; r++)
                    if (Valid(t, b0 + r))
                    {
                        var dr = da.AsSpan(r * H, H);
                        TensorPrimitives.Add(dr, dOut.AsSpan(((b0 + r) * T + t) * DH + direction * H, H), dr);
                    }
                var gHh = dGh.AsSpan(t * B * GH + b0 * GH, RG);
                CellBackward(t, b0, rows, gHh, da, dc, daPrev);
                whh.Multiply(rows, gHh, GH, 1f, daPrev, H);              // da<t-1> += dgates W_hh
                (da, daPrev) = (daPrev, da);
            }
            da.CopyTo(dh0, slot * BH + b0 * H);
            if (lstm) dc.CopyTo(dc0!, slot * BH + b0 * H);
        });

        // Weight gradients over all timesteps at once.
        var dPre = gates;   // now dL/d(pre-activation) = dL/d(input projection), [T*B, G*H]
        if (w.WeightHh.RequiresGrad)
        {
            var dWhh = BufferPool.Rent(GH * H, clear: false);
            Gemm.Sgemm(true, false, GH, H, T * B, 1f, dGh, GH, states.AsSpan(prevOff * BH, T * BH), H, 0f, dWhh, H);
            w.WeightHh.AccumulateGradOwned(dWhh);
        }
        input.Backward(direction, w, dPre, dInput);
        if (w.BiasIh is not null && w.BiasHh is not null)
        {   // both biases enter the same pre-activation, except GRU's b_hn (scaled by Γr)
            var dbIh = ParallelRanges.ColumnSums(dPre, T * B, GH);
            w.BiasIh.AccumulateGrad(dbIh);
            w.BiasHh.AccumulateGrad(gru ? ParallelRanges.ColumnSums(dGh, T * B, GH) : dbIh);
        }
    }

    /// <summary>The cell's backward gate arithmetic for each row of a block at step t: <see cref="gates"/> becomes the
    /// pre-activation gradient, <paramref name="gHh"/> (GRU) the gradient of a&lt;t-1&gt; W_hhᵀ + b_hh,
    /// <paramref name="daPrev"/> the part of da&lt;t-1&gt; that skips W_hh; padded rows pass da straight through.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void CellBackward(int t, int b0, int rows, Span<float> gHh, ReadOnlySpan<float> da, Span<float> dc, Span<float> daPrev)
    {
        int BH = B * H;
        var g = gates.AsSpan(t * B * GH + b0 * GH, rows * GH);
        var aPrev = states.AsSpan((t + prevOff) * BH + b0 * H, rows * H);
        var cPrev = lstm ? cells!.AsSpan((t + prevOff) * BH + b0 * H, rows * H) : default;
        var c = lstm ? cells!.AsSpan((t + newOff) * BH + b0 * H, rows * H) : default;
        var hn = gru ? hnPart!.AsSpan(t * BH + b0 * H, rows * H) : default;
        for (int r = 0; r < rows; r++)
        {
            var row = new Range(r * H, (r + 1) * H);
            var gr = g.Slice(r * GH, GH);
            if (!Valid(t, b0 + r))
            {   // padding: the state passed straight through this step
                gr.Clear();
                if (gru) gHh.Slice(r * GH, GH).Clear();
                da[row].CopyTo(daPrev[row]);
                continue;
            }
            switch (kind)
            {
                case CellKind.Lstm:
                    GateMath.LstmBackward(gr, cPrev[row], c[row], da[row], dc[row]);
                    daPrev[row].Clear();
                    break;
                case CellKind.Gru:
                    GateMath.GruBackward(gr, gHh.Slice(r * GH, GH), hn[row], aPrev[row], da[row], daPrev[row]);
                    break;
                default:
                    GateMath.RnnBackward(kind == CellKind.RnnRelu, gr, da[row]);
                    daPrev[row].Clear();
                    break;
            }
        }
    }
}
