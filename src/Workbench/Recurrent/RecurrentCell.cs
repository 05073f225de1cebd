using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// One step of a recurrent cell (torch.nn.RNNCell / GRUCell / LSTMCell), for teaching and for decoders that
/// feed each output back in. Parameters as in PyTorch: weight_ih [G*H, input_size], weight_hh [G*H, H],
/// bias_ih and bias_hh [G*H], all U(-1/√H, 1/√H). The step is written with ordinary tensor ops, one line per
/// equation, and its Forward returns every gate next to the new state (<see cref="RNNGates"/>,
/// <see cref="GRUGates"/>, <see cref="LSTMGates"/>), so each can be inspected. The cells are the readable
/// reference of the gate arithmetic: the fused sequence layers (<see cref="Kernel.GateMath"/>) are tested against them,
/// gate by gate, state by state and gradient by gradient.
/// </summary>
public abstract class RecurrentCell : Module
{
    public CellKind Kind { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor? BiasIh { get; }
    public Tensor? BiasHh { get; }

    /// <param name="gateBlocks">Blocks stacked in the weights; the kind's <see cref="CellKindExtensions.GateCount"/> unless
    /// a cell variant has fewer (the simplified GRU: 2).</param>
    protected RecurrentCell(CellKind kind, int inputSize, int hiddenSize, bool bias, Generator? generator, int? gateBlocks = null)
    {
        string name = kind.ModuleName() + "Cell";
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{name}({inputSize}, {hiddenSize}): input_size and hidden_size must be positive.");
        (Kind, InputSize, HiddenSize) = (kind, inputSize, hiddenSize);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        int gh = (gateBlocks ?? kind.GateCount()) * hiddenSize;
        Tensor P(string n, params int[] shape) => RegisterParameter(n, Init.Uniform(Tensor.Zeros(shape), -bound, bound, generator));
        WeightIh = P("weight_ih", gh, inputSize);
        WeightHh = P("weight_hh", gh, hiddenSize);
        if (bias) { BiasIh = P("bias_ih", gh); BiasHh = P("bias_hh", gh); }
    }

    /// <summary>Copies the four parameters of layer <paramref name="layer"/>, direction <paramref name="reverse"/>, of
    /// <paramref name="source"/> (weight_ih_l{k}[_reverse] and so on) into this cell's.</summary>
    protected void CopyWeights(RecurrentLayer source, int layer, bool reverse)
    {
        string name = Kind.ModuleName() + "Cell";
        if (source.Kind != Kind)
            throw new ArgumentException($"{name}: cannot take the weights of a {source.Kind} layer; the cell kinds must match.", nameof(source));
        if (layer < 0 || layer >= source.NumLayers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{name}: the layer has layers 0..{source.NumLayers - 1}.");
        if (reverse && !source.Bidirectional)
            throw new ArgumentException($"{name}: the layer is not bidirectional, so it has no reverse direction.", nameof(reverse));
        var state = source.StateDict();
        string suffix = $"_l{layer}{(reverse ? "_reverse" : "")}";
        LoadStateDict(StateDict().Keys.ToDictionary(k => k, k => state[k + suffix]));
    }

    /// <summary>Checks x [B, input_size] and a state [B, hidden_size] (zeros when null); returns the state.</summary>
    protected Tensor CheckedState(Tensor x, Tensor? state, string stateName)
    {
        string name = Kind.ModuleName() + "Cell";
        if (x.Rank != 2 || x.Size(1) != InputSize)
            throw new ArgumentException($"{name}: input must be [batch, {InputSize}] (input_size {InputSize}), got {ShapeUtil.Format(x.ShapeSpan)}.", nameof(x));
        int[] expected = [x.Size(0), HiddenSize];
        if (state is null) return Tensor.Zeros(expected);
        if (!state.ShapeSpan.SequenceEqual(expected))
            throw new ArgumentException($"{name}: {stateName} must be {ShapeUtil.Format(expected)} (batch, hidden_size), got {ShapeUtil.Format(state.ShapeSpan)}.", stateName);
        return state;
    }

    /// <summary>W_ih x + b_ih and W_hh h + b_hh, each [B, G*H].</summary>
    protected (Tensor Xi, Tensor Hh) Projections(Tensor x, Tensor h) =>
        (Functional.Linear(x, WeightIh, BiasIh), Functional.Linear(h, WeightHh, BiasHh));

    /// <summary>Gate block <paramref name="k"/> (in PyTorch order) of a [B, G*H] projection.</summary>
    protected Tensor Block(Tensor projection, int k) => projection.Narrow(1, k * HiddenSize, HiddenSize);

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}{(BiasIh is null ? ", bias=False" : "")}";
}
