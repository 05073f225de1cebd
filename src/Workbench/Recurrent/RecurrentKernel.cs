using System.Buffers;
using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent;

/// <summary>The four parameters of one layer and direction, PyTorch shapes: W_ih [G*H, in], W_hh [G*H, H],
/// b_ih and b_hh [G*H] (null when the layer has no bias).</summary>
internal sealed record DirectionWeights(Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh);

/// <summary>What the bottom layer reads: dense features x [B, T, F], or (when <see cref="Ids"/> is set) the rows of
/// an embedding table <see cref="Source"/> [V, F] picked by token ids laid out [B, T], whose
/// <see cref="PaddingIdx"/> row gets no gradient (torch.nn.Embedding's padding_idx).</summary>
internal readonly record struct StackInput(Tensor Source, int[]? Ids = null, int? PaddingIdx = null);

/// <summary>
/// The fused forward and analytic backward of a whole recurrent stack (all layers, both directions) as one
/// autograd node. Per layer and direction: the input projection of every timestep is one GEMM
/// ([T*B, in] x [in, G*H]); each step is one GEMM h&lt;t-1&gt; W_hhᵀ plus the fused gate arithmetic of
/// <see cref="GateMath"/>; the backward runs the steps in reverse with one GEMM each for dh&lt;t-1&gt; and then
/// gets dW_ih, dW_hh and dx as three GEMMs over all timesteps at once.
/// When the bottom layer reads token ids through an embedding table E [V, F] with fewer rows than the batch has
/// tokens, its input projection is a lookup instead: x&lt;t&gt; W_ihᵀ = E[token] W_ihᵀ is a row of the table
/// E W_ihᵀ [V, G*H], computed once (biases folded in), and the backward pass adds each step's gradient into its
/// token's row of that table's gradient, from which dW_ih and dE are two small GEMMs. Same sums, grouped by
/// token; the embeddings [B, T, F] are never materialised.
/// Internally everything is time-major ([T, B, ...]) so each step's block is contiguous; states are kept in a
/// [T+1, B, H] buffer indexed by time, with the initial state in slot 0 (forward) or slot T (reverse), so that
/// "the state before step t" for all t is one contiguous matrix for the dW_hh product.
/// The pass methods run once per training step, too rarely for tiered compilation to promote them (and the
/// step loops inside) to optimised code within a short run, so they are marked AggressiveOptimization.
/// </summary>
internal sealed class RecurrentKernel
{
    readonly CellKind kind;
    readonly int layers, dirs, batch, steps, hidden, gates, inputSize;
    readonly int[]? lengths;
    readonly DirectionWeights[] weights;             // index l * dirs + d
    readonly float[][] layerInput;                   // per layer, time-major [T, B, in_l]; layer 0 unused with tokens
    readonly Tensor? table;                          // bottom layer reads token rows of this embedding table [V, F]
    readonly int[]? tokens;                          // time-major [T, B] ids into table
    readonly int? paddingIdx;
    readonly float[]?[] dropMasks;                   // per layer below the top: scaled keep mask on its output
    readonly Saved[] saved;                          // per layer and direction
    readonly List<float[]> pooled = [];              // big buffers rented for this pass, returned after backward
    bool released;

    /// <summary>What one direction of one layer keeps for the backward pass.</summary>
    sealed class Saved
    {
        public required float[] Gates;               // [T, B, G*H] activations; overwritten by gradients in backward
        public required float[] States;              // [T+1, B, H]
        public float[]? Cells;                       // LSTM: [T+1, B, H]
        public float[]? HnPart;                      // GRU: [T, B, H] = W_hn h<t-1> + b_hn
    }

    RecurrentKernel(CellKind kind, int layers, int dirs, int batch, int steps, int hidden, int inputSize, int[]? lengths, DirectionWeights[] weights, StackInput input)
    {
        if (input.Ids is { } ids)
        {
            (table, paddingIdx) = (input.Source, input.PaddingIdx);
            tokens = new int[ids.Length];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < steps; t++) tokens[t * batch + b] = ids[b * steps + t];
        }
        (this.kind, this.layers, this.dirs, this.batch, this.steps, this.hidden, this.inputSize, this.lengths, this.weights) =
            (kind, layers, dirs, batch, steps, hidden, inputSize, lengths, weights);
        gates = kind.GateCount() * hidden;
        layerInput = new float[layers][];
        dropMasks = new float[]?[layers];
        saved = new Saved[layers * dirs];
    }

    int InSize(int l) => l == 0 ? inputSize : dirs * hidden;

    /// <summary>Runs the stack on validated inputs (x [B, T, F] batch-first, or token ids [B, T] in range of an
    /// embedding table [V, F]; h0, c0 [L*D, B, H] or null; lengths in 1..T or null) and returns the three outputs
    /// wired into the graph.</summary>
    public static RecurrentResult Run(CellKind kind, int layers, bool bidirectional, int hidden, DirectionWeights[] weights,
        StackInput input, int batch, int steps, Tensor? h0, Tensor? c0, int[]? lengths, float dropout, bool training, Generator? generator)
    {
        int B = batch, T = steps, D = bidirectional ? 2 : 1;
        var x = input.Source;
        var k = new RecurrentKernel(kind, layers, D, B, T, hidden, x.Size(-1), lengths, weights, input);
        int stateSize = layers * D * B * hidden;
        var hn = new float[stateSize];
        var cn = kind.HasCellState() ? new float[stateSize] : null;
        var output = k.Forward(x.data, h0?.data, c0?.data, hn, cn, training ? dropout : 0f, generator);

        var inputs = new List<Tensor> { x };
        if (h0 is not null) inputs.Add(h0);
        if (c0 is not null) inputs.Add(c0);
        foreach (var w in weights)
        {
            inputs.Add(w.WeightIh); inputs.Add(w.WeightHh);
            if (w.BiasIh is not null) inputs.Add(w.BiasIh);
            if (w.BiasHh is not null) inputs.Add(w.BiasHh);
        }

        // One node, three outputs: h_n and c_n are small side nodes hanging off the output node. Their backward
        // only parks its gradient here and makes sure the main node runs; the main node (always later in the
        // reverse topological order, since the side nodes depend on it) consumes all three at once.
        var side = new float[]?[2];
        string name = kind.ModuleName();
        int[] stateShape = [layers * D, B, hidden];
        Tensor? outTensor = null;
        outTensor = Tensor.FromOp(output, [B, T, D * hidden], name + "Backward", inputs.ToArray(), g =>
        {
            if (k.released)
                throw new InvalidOperationException($"{name} backward: this graph has already been back-propagated and its saved buffers are released; run the forward pass again (PyTorch needs retain_graph=True for this).");
            var (gh, gc) = (side[0], side[1]);
            side[0] = side[1] = null;
            k.Backward(g, gh, gc, x, h0, c0);
            k.Release();
        });
        if (outTensor.GradFn is null) k.Release();   // no graph (inference): nothing will read the saved buffers
        Tensor SideOutput(float[] values, int slot) => Tensor.FromOp(values, stateShape, name + (slot == 0 ? "HnBackward" : "CnBackward"), [outTensor], g =>
        {
            if (side[slot] is null) side[slot] = (float[])g.Clone();
            else TensorPrimitives.Add(side[slot], g, side[slot]);
            outTensor.AccumulateGrad(new float[outTensor.Numel]);
        });
        return new RecurrentResult(outTensor, SideOutput(hn, 0), cn is null ? null : SideOutput(cn, 1));
    }

    // ------------------------------------------------------------------ forward

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    float[] Forward(float[] x, float[]? h0, float[]? c0, float[] hn, float[]? cn, float dropout, Generator? generator)
    {
        float[] input = x;
        float[] output = [];
        for (int l = 0; l < layers; l++)
        {
            if (l > 0 && dropout > 0f)
            {   // dropout between layers, on the lower layer's output (torch.nn.LSTM's dropout argument)
                var g = generator ?? Generator.Default;
                var mask = new float[input.Length];
                float scale = 1f / (1f - dropout);
                for (int i = 0; i < mask.Length; i++) mask[i] = g.NextFloat() >= dropout ? scale : 0f;
                var dropped = new float[input.Length];
                TensorPrimitives.Multiply(input, mask, dropped);
                dropMasks[l - 1] = mask;
                input = dropped;
            }
            if (l > 0 || tokens is null) layerInput[l] = Transpose(input, batch, steps, InSize(l), Rent(input.Length));
            output = DisposeScope.Allocate(batch * steps * dirs * hidden, clear: false);   // every step of every direction is written
            for (int d = 0; d < dirs; d++) ForwardDirection(l, d, h0, c0, output, hn, cn);
            input = output;
        }
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ForwardDirection(int l, int d, float[]? h0, float[]? c0, float[] output, float[] hn, float[]? cn)
    {
        int B = batch, T = steps, H = hidden, GH = gates, BH = B * H, F = InSize(l), slot = l * dirs + d;
        bool reverse = d == 1, lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;
        var w = weights[slot];
        var s = new Saved
        {
            Gates = Rent(T * B * GH),
            States = Rent((T + 1) * BH),
            Cells = lstm ? Rent((T + 1) * BH) : null,
            HnPart = gru ? Rent(T * BH) : null,
        };
        saved[slot] = s;

        // Input projection of all timesteps at once, biases folded in (GRU keeps b_hn apart: Γr scales it).
        float beta = 0f;
        float[]? fold = null;
        if (w.BiasIh is not null && w.BiasHh is not null)
        {
            fold = new float[GH];
            TensorPrimitives.Add(w.BiasIh.data, w.BiasHh.data, fold);
            if (gru) w.BiasIh.data.AsSpan(2 * H, H).CopyTo(fold.AsSpan(2 * H));
            if (l > 0 || tokens is null)
                for (int r = 0; r < T * B; r++) fold.CopyTo(s.Gates, r * GH);
            beta = 1f;
        }
        // With token input the projection is a table; each worker copies its rows' entries step by step below.
        var lookup = l == 0 && tokens is not null ? ProjectionTable(w, beta == 0f ? null : fold) : null;
        if (lookup is null) Gemm.Sgemm(false, true, T * B, GH, F, 1f, layerInput[l], F, w.WeightIh.data, F, beta, s.Gates, GH);

        int prevOff = reverse ? 1 : 0, newOff = reverse ? 0 : 1, initSlot = reverse ? T : 0;
        CopyState(h0, slot, s.States.AsSpan(initSlot * BH, BH));
        if (lstm) CopyState(c0, slot, s.Cells.AsSpan(initSlot * BH, BH));
        // W_hhᵀ is the B operand of every step: pack it once for the whole pass (and all workers).
        using var whhT = Gemm.PackB(true, H, GH, w.WeightHh.data, H);
        // Batch rows are independent through time, so each worker runs the whole recurrence on its own rows:
        // one fork and join per pass instead of one per step. Everything per row (the table lookups, the
        // batch-first output, the final state) happens inside, on the worker's own rows.
        int DH = dirs * H, finalSlot = reverse ? 0 : T;
        ForEachRowBlock([MethodImpl(MethodImplOptions.AggressiveOptimization)] (b0, rows) =>
        {
            var hh = gru ? new float[rows * GH] : [];
            var bhn = gru && w.BiasHh is not null ? w.BiasHh.data.AsSpan(2 * H, H) : default;
            int RH = rows * H, RG = rows * GH;
            for (int step = 0; step < T; step++)
            {
                int t = reverse ? T - 1 - step : step;
                var hPrev = s.States.AsSpan((t + prevOff) * BH + b0 * H, RH);
                var g = s.Gates.AsSpan(t * B * GH + b0 * GH, RG);
                if (lookup is not null)
                    for (int r = 0; r < rows; r++) lookup.AsSpan(tokens![t * B + b0 + r] * GH, GH).CopyTo(g.Slice(r * GH, GH));
                if (gru) SerialGemm(rows, hPrev, H, whhT, 0f, hh, GH);
                else SerialGemm(rows, hPrev, H, whhT, 1f, g, GH);
                var hNew = s.States.AsSpan((t + newOff) * BH + b0 * H, RH);
                GateMath.Forward(kind, rows, H, new GateMath.StepMask(lengths, t, b0), g, hh, bhn,
                    gru ? s.HnPart.AsSpan(t * BH + b0 * H, RH) : default,
                    hPrev, lstm ? s.Cells.AsSpan((t + prevOff) * BH + b0 * H, RH) : default,
                    hNew, lstm ? s.Cells.AsSpan((t + newOff) * BH + b0 * H, RH) : default);
                for (int r = 0; r < rows; r++)
                {   // batch-first output, zero at padded steps
                    int b = b0 + r;
                    var dst = output.AsSpan((b * T + t) * DH + d * H, H);
                    if (lengths is null || t < lengths[b]) hNew.Slice(r * H, H).CopyTo(dst);
                    else dst.Clear();
                }
            }
            // Final states from the slot written last.
            s.States.AsSpan(finalSlot * BH + b0 * H, RH).CopyTo(hn.AsSpan(slot * BH + b0 * H));
            if (lstm) s.Cells.AsSpan(finalSlot * BH + b0 * H, RH).CopyTo(cn.AsSpan(slot * BH + b0 * H));
        });
    }

    void CopyState(float[]? init, int slot, Span<float> dst)
    {
        if (init is null) dst.Clear();
        else init.AsSpan(slot * dst.Length, dst.Length).CopyTo(dst);
    }

    // ------------------------------------------------------------------ backward

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Backward(float[] gOut, float[]? gHn, float[]? gCn, Tensor x, Tensor? h0, Tensor? c0)
    {
        int BH = batch * hidden;
        var dh0 = new float[layers * dirs * BH];
        var dTable = tokens is not null && table!.RequiresGrad ? BufferPool.Rent(table.Numel, clear: true) : null;
        var dc0 = kind.HasCellState() ? new float[dh0.Length] : null;
        float[] dLayerOut = gOut;
        for (int l = layers - 1; l >= 0; l--)
        {
            bool needInputGrad = l > 0 || (tokens is null && x.RequiresGrad);
            var dInput = needInputGrad ? Rent(steps * batch * InSize(l)) : null;   // the first direction overwrites it
            for (int d = 0; d < dirs; d++) BackwardDirection(l, d, dLayerOut, gHn, gCn, dInput, dh0, dc0, dTable);
            if (l == 0 && dTable is not null)
            {
                if (paddingIdx is int p) dTable.AsSpan(p * inputSize, inputSize).Clear();
                table!.AccumulateGradOwned(dTable);
            }
            if (!ReferenceEquals(dLayerOut, gOut)) BufferPool.Return(dLayerOut);   // a layer's own, now used
            if (dInput is null) break;
            var dBatchFirst = Transpose(dInput, steps, batch, InSize(l), BufferPool.Rent(steps * batch * InSize(l), clear: false));
            if (l == 0) { x.AccumulateGradOwned(dBatchFirst); break; }
            if (dropMasks[l - 1] is { } mask) TensorPrimitives.Multiply(dBatchFirst, mask, dBatchFirst);
            dLayerOut = dBatchFirst;
        }
        h0?.AccumulateGrad(dh0);
        if (dc0 is not null) c0?.AccumulateGrad(dc0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void BackwardDirection(int l, int d, float[] dOut, float[]? gHn, float[]? gCn, float[]? dInput, float[] dh0, float[]? dc0, float[]? dTable)
    {
        int B = batch, T = steps, H = hidden, GH = gates, BH = B * H, F = InSize(l), DH = dirs * H, slot = l * dirs + d;
        bool reverse = d == 1, lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;
        var w = weights[slot];
        var s = saved[slot];
        int prevOff = reverse ? 1 : 0, newOff = reverse ? 0 : 1;

        var dGh = gru ? Rent(T * B * GH) : s.Gates;   // RNN/LSTM: same as the pre-activation gradient
        using var whh = Gemm.PackB(false, GH, H, w.WeightHh.data, H);   // B operand of every step's dh<t-1>
        ForEachRowBlock([MethodImpl(MethodImplOptions.AggressiveOptimization)] (b0, rows) =>
        {
            int RH = rows * H, RG = rows * GH;
            var dh = new float[RH];
            var dhPrev = new float[RH];
            var dc = lstm ? new float[RH] : [];
            gHn?.AsSpan(slot * BH + b0 * H, RH).CopyTo(dh);
            if (lstm) gCn?.AsSpan(slot * BH + b0 * H, RH).CopyTo(dc);
            for (int step = T - 1; step >= 0; step--)
            {
                int t = reverse ? T - 1 - step : step;
                for (int r = 0; r < rows; r++)
                    if (lengths is null || t < lengths[b0 + r])
                    {
                        var dr = dh.AsSpan(r * H, H);
                        TensorPrimitives.Add(dr, dOut.AsSpan(((b0 + r) * T + t) * DH + d * H, H), dr);
                    }
                var gHh = dGh.AsSpan(t * B * GH + b0 * GH, RG);
                GateMath.Backward(kind, rows, H, new GateMath.StepMask(lengths, t, b0), s.Gates.AsSpan(t * B * GH + b0 * GH, RG), gHh,
                    gru ? s.HnPart.AsSpan(t * BH + b0 * H, RH) : default,
                    s.States.AsSpan((t + prevOff) * BH + b0 * H, RH),
                    lstm ? s.Cells.AsSpan((t + prevOff) * BH + b0 * H, RH) : default,
                    lstm ? s.Cells.AsSpan((t + newOff) * BH + b0 * H, RH) : default,
                    dh, dc, dhPrev);
                SerialGemm(rows, gHh, GH, whh, 1f, dhPrev, H);
                (dh, dhPrev) = (dhPrev, dh);
            }
            dh.CopyTo(dh0, slot * BH + b0 * H);
            if (lstm) dc.CopyTo(dc0!, slot * BH + b0 * H);
        });

        // Weight gradients over all timesteps at once.
        var dPre = s.Gates;   // now dL/d(pre-activation) = dL/d(input projection), [T*B, GH]
        if (w.WeightHh.RequiresGrad)
        {
            var dWhh = BufferPool.Rent(GH * H, clear: false);
            Gemm.Sgemm(true, false, GH, H, T * B, 1f, dGh, GH, s.States.AsSpan(prevOff * BH, T * BH), H, 0f, dWhh, H);
            w.WeightHh.AccumulateGradOwned(dWhh);
        }
        if (l == 0 && tokens is not null) LookUpBackward(d, w, dPre, dTable);
        else if (w.WeightIh.RequiresGrad)
        {
            var dWih = BufferPool.Rent(GH * F, clear: false);
            Gemm.Sgemm(true, false, GH, F, T * B, 1f, dPre, GH, layerInput[l], F, 0f, dWih, F);
            w.WeightIh.AccumulateGradOwned(dWih);
        }
        if (w.BiasIh is not null && w.BiasHh is not null)
        {   // both biases enter the same pre-activation, except GRU's b_hn (scaled by r)
            var dbIh = ParallelRanges.ColumnSums(dPre, T * B, GH);
            w.BiasIh.AccumulateGrad(dbIh);
            w.BiasHh.AccumulateGrad(gru ? ParallelRanges.ColumnSums(dGh, T * B, GH) : dbIh);
        }
        if (dInput is not null)
            Gemm.Sgemm(false, false, T * B, F, GH, 1f, dPre, GH, w.WeightIh.data, F, d == 0 ? 0f : 1f, dInput, F);
    }

    /// <summary>The bottom layer's input projection as a lookup table: E W_ihᵀ (+ the folded biases) [V, G*H]; step t
    /// of row b then reads the row of its token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    float[] ProjectionTable(DirectionWeights w, float[]? fold)
    {
        int V = table!.Size(0), F = inputSize, GH = gates;
        var proj = Rent(V * GH);
        if (fold is not null) for (int v = 0; v < V; v++) fold.CopyTo(proj, v * GH);
        Gemm.Sgemm(false, true, V, GH, F, 1f, table.data, F, w.WeightIh.data, F, fold is null ? 0f : 1f, proj, GH);
        return proj;
    }

    /// <summary>Gradients through the lookup: dProj[v] = Σ of dPre over the steps that read token v; then
    /// dW_ih = dProjᵀ E and dE += dProj W_ih (both directions add into the same dE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void LookUpBackward(int d, DirectionWeights w, float[] dPre, float[]? dTable)
    {
        int V = table!.Size(0), F = inputSize, GH = gates;
        var dProj = Rent(V * GH);
        Array.Clear(dProj, 0, V * GH);
        int n = tokens!.Length;
        // Split by columns: every element still sums its rows in order, whatever the thread count.
        ParallelRanges.For(GH, n, (c0, c1) =>
        {
            for (int r = 0; r < n; r++)
            {
                var row = dProj.AsSpan(tokens[r] * GH + c0, c1 - c0);
                TensorPrimitives.Add(row, dPre.AsSpan(r * GH + c0, c1 - c0), row);
            }
        });
        if (w.WeightIh.RequiresGrad)
        {
            var dWih = BufferPool.Rent(GH * F, clear: false);
            Gemm.Sgemm(true, false, GH, F, V, 1f, dProj, GH, table.data, F, 0f, dWih, F);
            w.WeightIh.AccumulateGradOwned(dWih);
        }
        if (dTable is not null)
            Gemm.Sgemm(false, false, V, F, GH, 1f, dProj, GH, w.WeightIh.data, F, 1f, dTable, F);
    }

    /// <summary>Runs <paramref name="body"/>(firstRow, rowCount) on disjoint blocks of batch rows, one per
    /// thread (Gemm.MaxThreads of them, at most one per row).</summary>
    void ForEachRowBlock(Action<int, int> body)
    {
        int parts = Math.Min(Gemm.MaxThreads, batch);
        if (parts <= 1) { body(0, batch); return; }
        ParallelRanges.Run(parts, p =>
        {
            int b0 = batch * p / parts, b1 = batch * (p + 1) / parts;
            body(b0, b1 - b0);
        });
    }

    /// <summary>C = A op(B) + beta C for one step's rows, on the calling thread (the per-step products run
    /// inside the row-block workers), with op(B) packed once per pass.</summary>
    static unsafe void SerialGemm(int m, ReadOnlySpan<float> a, int lda, Gemm.PackedB b, float beta, Span<float> c, int ldc)
    {
        Gemm.CheckArgs(false, false, m, b.N, b.K, a.Length, lda, int.MaxValue, Math.Max(1, b.N), c.Length, ldc);
        fixed (float* pa = a) fixed (float* pc = c)
            Gemm.SerialPacked(false, m, b.N, b.K, 1f, pa, lda, b, beta, pc, ldc);
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> floats (contents undefined) from the shared
    /// pool, so that training steps reuse the same large arrays instead of allocating new ones each time.</summary>
    float[] Rent(int length)
    {
        var a = ArrayPool<float>.Shared.Rent(length);
        lock (pooled) pooled.Add(a);
        return a;
    }

    void Release()
    {
        released = true;
        lock (pooled)
        {
            foreach (var a in pooled) ArrayPool<float>.Shared.Return(a);
            pooled.Clear();
        }
    }

    /// <summary>[A, B, F] to [B, A, F] into <paramref name="dst"/>: batch-first to time-major and back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float[] Transpose(float[] src, int a, int b, int f, float[] dst)
    {
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++)
                src.AsSpan((i * b + j) * f, f).CopyTo(dst.AsSpan((j * a + i) * f, f));
        return dst;
    }
}
