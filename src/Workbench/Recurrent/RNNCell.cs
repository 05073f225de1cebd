// Elman RNN cell, one step, in the notes' notation:
//
//   z<t> = W_ih x<t> + b_ih + W_hh a<t-1> + b_hh      the pre-activation (the notes' W_ax x<t> + W_aa a<t-1> + b_a)
//   a<t> = tanh(z<t>)                                  (relu(z<t>) with NonLinearity.ReLU)

using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>What an RNN cell computed on the way to a&lt;t&gt;.</summary>
/// <param name="PreActivation">z&lt;t&gt; [B, H], the sum the nonlinearity squashes into a&lt;t&gt;.</param>
public sealed record RNNGates(Tensor PreActivation);

/// <summary>Elman cell (torch.nn.RNNCell), the equations above written with tensor operations.</summary>
public sealed class RNNCell(int inputSize, int hiddenSize, bool bias = true, NonLinearity nonlinearity = NonLinearity.Tanh, Generator? generator = null)
    : RecurrentCell(nonlinearity == NonLinearity.ReLU ? CellKind.RnnRelu : CellKind.RnnTanh, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x&lt;t&gt; [B, input_size] and a&lt;t-1&gt; [B, H] (zeros when null) to a&lt;t&gt; [B, H] and the pre-activation.</summary>
    public (Tensor H, RNNGates Gates) Forward(Tensor x, Tensor? h = null)
    {
        var aPrev = CheckedState(x, h, "h");
        var (xi, hh) = Projections(x, aPrev);
        var z = xi + hh;
        var a = Kind == CellKind.RnnRelu ? z.Relu() : z.Tanh();
        return (a, new RNNGates(z));
    }

    /// <summary>A cell holding a copy of the weights of layer <paramref name="layer"/> (and the reverse direction when
    /// <paramref name="reverse"/>) of an <see cref="RNN"/>, to step through what the layer computes.</summary>
    public static RNNCell FromLayer(RecurrentLayer source, int layer = 0, bool reverse = false)
    {
        var cell = new RNNCell(source.InputSizeOf(layer), source.HiddenSize, source.HasBias,
            source.Kind == CellKind.RnnRelu ? NonLinearity.ReLU : NonLinearity.Tanh);
        cell.CopyWeights(source, layer, reverse);
        return cell;
    }
}
