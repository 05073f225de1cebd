using Workbench.NN;
using Workbench.Recurrent.Kernel;
using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// A recurrent sequence layer over batch-first input [B, T, F]: one or more stacked layers, each optionally
/// bidirectional, with PyTorch's parameter names, shapes, gate order and initialisation. RNN, GRU and LSTM
/// are thin subclasses; the whole stack runs as one fused autograd node (<see cref="Kernel.RecurrentKernel"/>).
/// Parameters per layer k and direction (suffix "_reverse" for the backward direction):
/// weight_ih_l{k} [G*H, in], weight_hh_l{k} [G*H, H], bias_ih_l{k} [G*H], bias_hh_l{k} [G*H], where G is
/// 1 (RNN), 3 (GRU: r, z, n) or 4 (LSTM: i, f, g, o), and "in" is input_size for k = 0, else D*H.
/// </summary>
public abstract class RecurrentLayer : Module<Tensor, RecurrentResult>
{
    readonly DirectionWeights[] weights;

    public CellKind Kind { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool Bidirectional { get; }
    /// <summary>Dropout probability on the outputs of every layer except the last (training mode only).</summary>
    public float DropoutP { get; }
    public bool HasBias { get; }
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>The input size of layer <paramref name="layer"/>: input_size for the bottom one, D*H above it.</summary>
    public int InputSizeOf(int layer) => layer >= 0 && layer < NumLayers
        ? (layer == 0 ? InputSize : NumDirections * HiddenSize)
        : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{Kind.ModuleName()}: layer {layer} is outside 0..{NumLayers - 1}.");

    readonly Generator? generator;

    protected RecurrentLayer(CellKind kind, int inputSize, int hiddenSize, int numLayers, bool bidirectional, float dropout, bool bias, Generator? generator)
    {
        string name = kind.ModuleName();
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{name}({inputSize}, {hiddenSize}): input_size and hidden_size must be positive.");
        if (numLayers < 1) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, $"{name}: num_layers must be at least 1.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{name}: dropout must be in [0, 1).");
        (Kind, InputSize, HiddenSize, NumLayers, Bidirectional, DropoutP, HasBias, this.generator) =
            (kind, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator);

        // PyTorch's registration order and init: every parameter U(-1/sqrt(H), 1/sqrt(H)), drawn in that order.
        float bound = 1f / MathF.Sqrt(hiddenSize);
        int gh = kind.GateCount() * hiddenSize;
        weights = new DirectionWeights[numLayers * NumDirections];
        for (int l = 0; l < numLayers; l++)
            for (int d = 0; d < NumDirections; d++)
            {
                string sfx = $"_l{l}{(d == 1 ? "_reverse" : "")}";
                int inF = l == 0 ? inputSize : NumDirections * hiddenSize;
                Tensor P(string n, params int[] shape) => RegisterParameter(n + sfx, Init.Uniform(Tensor.Zeros(shape), -bound, bound, generator));
                var wih = P("weight_ih", gh, inF);
                var whh = P("weight_hh", gh, hiddenSize);
                weights[l * NumDirections + d] = bias
                    ? new DirectionWeights(wih, whh, P("bias_ih", gh), P("bias_hh", gh))
                    : new DirectionWeights(wih, whh, null, null);
            }
    }

    /// <summary>Runs the layer from zero initial states over full-length sequences.</summary>
    public override RecurrentResult Forward(Tensor input) => Forward(input, null, null, null);

    /// <summary>
    /// Runs the layer. <paramref name="input"/> [B, T, input_size] (batch-first); <paramref name="h0"/> and
    /// (LSTM) <paramref name="c0"/> [num_layers * num_directions, B, hidden_size], zeros when null;
    /// <paramref name="lengths"/>: each sequence's valid length in 1..T (padding at the end), null for all T.
    /// With lengths, padded steps change neither outputs (they are zero) nor final states nor gradients, and
    /// the reverse direction starts at each sequence's own last step, as with PyTorch's packed sequences.
    /// </summary>
    public RecurrentResult Forward(Tensor input, Tensor? h0 = null, Tensor? c0 = null, int[]? lengths = null)
    {
        string name = Kind.ModuleName();
        if (input.Rank != 3 || input.Size(2) != InputSize)
            throw new ArgumentException($"{name}: input must be [batch, seq_len, {InputSize}] (batch-first, input_size {InputSize}), got {ShapeUtil.Format(input.ShapeSpan)}.", nameof(input));
        int b = input.Size(0), t = input.Size(1);
        if (b == 0 || t == 0)
            throw new ArgumentException($"{name}: input {ShapeUtil.Format(input.ShapeSpan)} is empty; batch and seq_len must be at least 1.", nameof(input));
        ValidateStates(b, t, h0, c0, lengths);
        return RecurrentKernel.Run(Kind, NumLayers, Bidirectional, HiddenSize, weights, new StackInput(input), b, t, h0, c0,
            lengths is null ? null : (int[])lengths.Clone(), DropoutP, Training, generator);
    }

    /// <summary>
    /// Runs the layer on embedded tokens: the same result and gradients as
    /// <c>Forward(embedding.Forward(ids, batch, time), h0, c0, lengths)</c> (up to float rounding), for token ids laid
    /// out [batch, time]. When the vocabulary has fewer rows than the batch has tokens, the bottom layer's input
    /// projection becomes a lookup in the small table E W_ihᵀ instead of one product per token, and the embeddings
    /// are never materialised: for a character model (V = 65, 2048 tokens a batch) that removes a third of an RNN
    /// step's arithmetic. Embedding dropout cannot be fused; models that use it call the two-step form.
    /// </summary>
    public RecurrentResult Forward(Embedding embedding, int[] ids, int batch, int time, Tensor? h0 = null, Tensor? c0 = null, int[]? lengths = null)
    {
        string name = Kind.ModuleName();
        if (embedding.EmbeddingDim != InputSize)
            throw new ArgumentException($"{name}: embedding dimension {embedding.EmbeddingDim} does not match input_size {InputSize}.", nameof(embedding));
        if (batch < 1 || time < 1 || ids.Length != (long)batch * time)
            throw new ArgumentException($"{name}: {ids.Length} token ids do not fill [batch {batch}, seq_len {time}] (both at least 1).", nameof(ids));
        if (embedding.NumEmbeddings >= ids.Length) return Forward(embedding.Forward(ids, batch, time), h0, c0, lengths);
        int v = embedding.NumEmbeddings;
        for (int i = 0; i < ids.Length; i++)
            if ((uint)ids[i] >= (uint)v)
                throw new IndexOutOfRangeException($"embedding: token id {ids[i]} at position {i} is out of range for a vocabulary of {v} (valid ids 0..{v - 1}).");
        ValidateStates(batch, time, h0, c0, lengths);
        return RecurrentKernel.Run(Kind, NumLayers, Bidirectional, HiddenSize, weights,
            new StackInput(embedding.Weight, (int[])ids.Clone(), embedding.PaddingIdx), batch, time, h0, c0,
            lengths is null ? null : (int[])lengths.Clone(), DropoutP, Training, generator);
    }

    /// <summary>Whether <see cref="StepRows"/> can run a decoding step of <paramref name="rows"/> rows: few enough rows
    /// for the matrix-vector path (<see cref="Tensors.Kernels.MatVec.MaxRows"/>), one direction, no graph being
    /// recorded, and no dropout between layers (eval mode, or p = 0).</summary>
    internal bool CanStepRows(int rows) => Tensors.Kernels.MatVec.Covers(rows) && !Bidirectional
        && !Autograd.NoGrad.IsGradEnabled && !(Training && DropoutP > 0f);

    /// <summary>One timestep of <paramref name="rows"/> rows for decoding: <paramref name="x"/> [rows, input_size],
    /// <paramref name="h0"/>, <paramref name="c0"/> [num_layers, rows, H] (null: zeros). The same bits as
    /// <c>Forward</c> on [rows, 1, input_size], through matrix-vector products on the weights as they are now
    /// (<see cref="StackStep"/>); only where <see cref="CanStepRows"/> holds.</summary>
    internal RecurrentResult StepRows(ReadOnlySpan<float> x, int rows, Tensor? h0, Tensor? c0)
    {
        if (!CanStepRows(rows))
            throw new InvalidOperationException($"{Kind.ModuleName()}: the matrix-vector step needs 1..{Tensors.Kernels.MatVec.MaxRows} rows, one direction, no grad and no active dropout.");
        if (x.Length != rows * InputSize)
            throw new ArgumentException($"{Kind.ModuleName()}: step input has {x.Length} values, {rows} rows of input_size {InputSize} need {rows * InputSize}.", nameof(x));
        ValidateStates(rows, 1, h0, c0, null);
        var (top, hn, cn) = StackStep.Run(Kind, weights, HiddenSize, x, rows, h0?.data, c0?.data);
        int[] stateShape = [NumLayers, rows, HiddenSize];
        return new RecurrentResult(new Tensor(top, [rows, 1, HiddenSize]), new Tensor(hn, stateShape),
            cn is null ? null : new Tensor(cn, (int[])stateShape.Clone()));
    }

    void ValidateStates(int b, int t, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        string name = Kind.ModuleName();
        int[] expected = [NumLayers * NumDirections, b, HiddenSize];
        if (h0 is not null && !h0.ShapeSpan.SequenceEqual(expected))
            throw new ArgumentException($"{name}: h0 must be {ShapeUtil.Format(expected)} (num_layers * num_directions, batch, hidden_size), got {ShapeUtil.Format(h0.ShapeSpan)}.", nameof(h0));
        if (c0 is not null && !Kind.HasCellState())
            throw new ArgumentException($"{name}: has no cell state; c0 is for LSTM only.", nameof(c0));
        if (c0 is not null && !c0.ShapeSpan.SequenceEqual(expected))
            throw new ArgumentException($"{name}: c0 must be {ShapeUtil.Format(expected)} (num_layers * num_directions, batch, hidden_size), got {ShapeUtil.Format(c0.ShapeSpan)}.", nameof(c0));
        if (lengths is null) return;
        if (lengths.Length != b)
            throw new ArgumentException($"{name}: lengths has {lengths.Length} entries but the batch has {b} sequences.", nameof(lengths));
        for (int i = 0; i < b; i++)
            if (lengths[i] < 1 || lengths[i] > t)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[i], $"{name}: lengths[{i}] = {lengths[i]} is outside 1..{t} (every sequence needs at least one step and at most seq_len = {t}).");
    }

    protected override string ExtraRepr()
    {
        var s = $"{InputSize}, {HiddenSize}";
        if (NumLayers != 1) s += $", num_layers={NumLayers}";
        if (!HasBias) s += ", bias=False";
        s += ", batch_first=True";
        if (DropoutP != 0f) s += $", dropout={DropoutP}";
        if (Bidirectional) s += ", bidirectional=True";
        return s;
    }
}
