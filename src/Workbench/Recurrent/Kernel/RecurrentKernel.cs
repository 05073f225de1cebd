using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Workbench.Tensors;

namespace Workbench.Recurrent.Kernel;

/// <summary>The four parameters of one layer and direction, PyTorch shapes: W_ih [G*H, in], W_hh [G*H, H],
/// b_ih and b_hh [G*H] (null when the layer has no bias).</summary>
internal sealed record DirectionWeights(Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh);

/// <summary>What the bottom layer reads: dense features x [B, T, F], or (when <see cref="Ids"/> is set) the rows of
/// an embedding table <see cref="Source"/> [V, F] picked by token ids laid out [B, T], whose
/// <see cref="PaddingIdx"/> row gets no gradient (torch.nn.Embedding's padding_idx).</summary>
internal readonly record struct StackInput(Tensor Source, int[]? Ids = null, int? PaddingIdx = null);

/// <summary>
/// The fused forward and analytic backward of a whole recurrent stack (all layers, both directions) as one
/// autograd node with three outputs (output, h_n, c_n). This file wires the node into the graph and runs the
/// layers in turn, with dropout between them; each layer and direction is a <see cref="DirectionPass"/> (the
/// recurrence through time, the cell arithmetic in <see cref="GateMath"/>), reading its input through an
/// <see cref="InputProjection"/>: one GEMM over all timesteps ([T*B, in] x [in, G*H]), or for a bottom layer that
/// reads token ids a lookup in E W_ihᵀ (<see cref="EmbeddingLookup"/>). Between layers the data is time-major
/// ([T, B, ...]); the output is batch-first.
/// The pass methods run once per training step, too rarely for tiered compilation to promote them (and the
/// step loops inside) to optimised code within a short run, so they are marked AggressiveOptimization.
/// </summary>
internal sealed class RecurrentKernel
{
    readonly CellKind kind;
    readonly int layers, dirs, batch, steps, hidden, inputSize;
    readonly int[]? lengths;
    readonly DirectionWeights[] weights;             // index l * dirs + d
    readonly StackInput input;
    readonly InputProjection[] projections;          // per layer
    readonly DirectionPass[] passes;                 // per layer and direction
    readonly float[]?[] dropMasks;                   // per layer below the top: scaled keep mask on its output
    readonly ScratchBuffers scratch = new();

    RecurrentKernel(CellKind kind, int layers, int dirs, int batch, int steps, int hidden, int[]? lengths, DirectionWeights[] weights, StackInput input)
    {
        (this.kind, this.layers, this.dirs, this.batch, this.steps, this.hidden, this.lengths, this.weights, this.input) =
            (kind, layers, dirs, batch, steps, hidden, lengths, weights, input);
        inputSize = input.Source.Size(-1);
        projections = new InputProjection[layers];
        passes = new DirectionPass[layers * dirs];
        dropMasks = new float[]?[layers];
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
        var k = new RecurrentKernel(kind, layers, D, B, T, hidden, lengths, weights, input);
        int stateSize = layers * D * B * hidden;
        var hn = new float[stateSize];
        var cn = kind.HasCellState() ? new float[stateSize] : null;
        var output = k.Forward(h0?.data, c0?.data, hn, cn, training ? dropout : 0f, generator);

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
            if (k.scratch.Released)
                throw new InvalidOperationException($"{name} backward: this graph has already been back-propagated and its saved buffers are released; run the forward pass again (PyTorch needs retain_graph=True for this).");
            var (gh, gc) = (side[0], side[1]);
            side[0] = side[1] = null;
            k.Backward(g, gh, gc, x, h0, c0);
            k.scratch.Release();
        });
        if (outTensor.GradFn is null) k.scratch.Release();   // no graph (inference): nothing will read the saved buffers
        Tensor SideOutput(float[] values, int slot) => Tensor.FromOp(values, stateShape, name + (slot == 0 ? "HnBackward" : "CnBackward"), [outTensor], g =>
        {
            if (side[slot] is null) side[slot] = (float[])g.Clone();
            else TensorPrimitives.Add(side[slot], g, side[slot]);
            outTensor.AccumulateGrad(new float[outTensor.Numel]);
        });
        return new RecurrentResult(outTensor, SideOutput(hn, 0), cn is null ? null : SideOutput(cn, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    float[] Forward(float[]? h0, float[]? c0, float[] hn, float[]? cn, float dropout, Generator? generator)
    {
        float[] layerIn = input.Source.data;
        float[] output = [];
        int GH = kind.GateCount() * hidden;
        for (int l = 0; l < layers; l++)
        {
            if (l > 0 && dropout > 0f) layerIn = DropOut(l - 1, layerIn, dropout, generator ?? Generator.Default);
            projections[l] = l == 0 && input.Ids is { } ids
                ? new EmbeddingLookup(input.Source, ids, input.PaddingIdx, batch, steps, GH, scratch)
                : new DenseProjection(Transpose(layerIn, batch, steps, InSize(l), scratch.Rent(layerIn.Length)), steps * batch, InSize(l), GH);
            output = DisposeScope.Allocate(batch * steps * dirs * hidden, clear: false);   // every step of every direction is written
            for (int d = 0; d < dirs; d++)
            {
                int slot = l * dirs + d;
                passes[slot] = new DirectionPass(kind, batch, steps, hidden, dirs, d, slot, lengths, weights[slot], projections[l], scratch);
                passes[slot].Forward(h0, c0, output, hn, cn);
            }
            layerIn = output;
        }
        return output;
    }

    /// <summary>Dropout between layers, on the lower layer's output (torch.nn.LSTM's dropout argument); the mask is
    /// kept for the backward pass.</summary>
    float[] DropOut(int layer, float[] x, float p, Generator g)
    {
        var mask = new float[x.Length];
        float scale = 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextFloat() >= p ? scale : 0f;
        var dropped = new float[x.Length];
        TensorPrimitives.Multiply(x, mask, dropped);
        dropMasks[layer] = mask;
        return dropped;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Backward(float[] gOut, float[]? gHn, float[]? gCn, Tensor x, Tensor? h0, Tensor? c0)
    {
        int BH = batch * hidden;
        var dh0 = new float[layers * dirs * BH];
        var dc0 = kind.HasCellState() ? new float[dh0.Length] : null;
        float[] dLayerOut = gOut;
        for (int l = layers - 1; l >= 0; l--)
        {
            bool needInputGrad = l > 0 || (input.Ids is null && x.RequiresGrad);
            var dInput = needInputGrad ? scratch.Rent(steps * batch * InSize(l)) : null;   // the first direction overwrites it
            for (int d = 0; d < dirs; d++) passes[l * dirs + d].Backward(dLayerOut, gHn, gCn, dInput, dh0, dc0);
            projections[l].EndBackward();
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
