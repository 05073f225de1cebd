using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Recurrent.Kernel;

/// <summary>
/// The bottom layer's input projection when it reads token ids through an embedding table E [V, F] with fewer rows
/// than the batch has tokens: x&lt;t&gt; W_ihᵀ = E[token] W_ihᵀ is a row of the table E W_ihᵀ [V, G*H], computed once
/// per direction (biases folded in) and copied row by row inside the recurrence. The backward pass adds each step's
/// gradient into its token's row of that table's gradient, from which dW_ih and dE are two small GEMMs. Same sums,
/// grouped by token; the embeddings [B, T, F] are never materialised.
/// </summary>
internal sealed class EmbeddingLookup : InputProjection
{
    readonly Tensor table;            // E [V, F]
    readonly int[] tokens;            // time-major [T, B] ids into the table
    readonly int? paddingIdx;         // its row of E gets no gradient (torch.nn.Embedding's padding_idx)
    readonly int batch, gateWidth;
    readonly ScratchBuffers scratch;
    float[]? projected;               // E W_ihᵀ (+ biases) [V, G*H] of the direction being run
    float[]? dTable;                  // dE, gathered over both directions

    /// <param name="ids">Token ids laid out batch-first [B, T].</param>
    public EmbeddingLookup(Tensor table, int[] ids, int? paddingIdx, int batch, int steps, int gateWidth, ScratchBuffers scratch)
    {
        (this.table, this.paddingIdx, this.batch, this.gateWidth, this.scratch) = (table, paddingIdx, batch, gateWidth, scratch);
        tokens = new int[ids.Length];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++) tokens[t * batch + b] = ids[b * steps + t];
    }

    int V => table.Size(0);
    int F => table.Size(1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(DirectionWeights w, float[]? fold, float[] gates)
    {
        int GH = gateWidth;
        projected = scratch.Rent(V * GH);
        if (fold is not null) for (int v = 0; v < V; v++) fold.CopyTo(projected, v * GH);
        Gemm.Sgemm(false, true, V, GH, F, 1f, table.data, F, w.WeightIh.data, F, fold is null ? 0f : 1f, projected, GH);
    }

    public override void Step(int t, int b0, int rows, Span<float> gates)
    {
        int GH = gateWidth;
        for (int r = 0; r < rows; r++) projected.AsSpan(tokens[t * batch + b0 + r] * GH, GH).CopyTo(gates.Slice(r * GH, GH));
    }

    /// <summary>dProj[v] = Σ of dPre over the steps that read token v; then dW_ih = dProjᵀ E and dE += dProj W_ih.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(int direction, DirectionWeights w, float[] dPre, float[]? dInput)
    {
        int GH = gateWidth;
        if (direction == 0 && table.RequiresGrad) dTable = BufferPool.Rent(table.Numel, clear: true);
        var dProj = scratch.Rent(V * GH);
        Array.Clear(dProj, 0, V * GH);
        int n = tokens.Length;
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

    public override void EndBackward()
    {
        if (dTable is null) return;
        if (paddingIdx is int p) dTable.AsSpan(p * F, F).Clear();
        table.AccumulateGradOwned(dTable);
        dTable = null;
    }
}
