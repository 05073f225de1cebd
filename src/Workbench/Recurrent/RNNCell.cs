using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>Elman cell (torch.nn.RNNCell): a&lt;t&gt; = tanh(W_ax x&lt;t&gt; + b_ih + W_aa a&lt;t-1&gt; + b_hh), or relu.</summary>
public sealed class RNNCell(int inputSize, int hiddenSize, bool bias = true, NonLinearity nonlinearity = NonLinearity.Tanh, Generator? generator = null)
    : RecurrentCell(nonlinearity == NonLinearity.ReLU ? CellKind.RnnRelu : CellKind.RnnTanh, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x [B, input_size], a&lt;t-1&gt; [B, H] (zeros when null) to a&lt;t&gt; [B, H].</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        var a = CheckedState(x, h, "h");
        var (xi, hh) = Projections(x, a);
        var pre = xi + hh;
        return Kind == CellKind.RnnRelu ? pre.Relu() : pre.Tanh();
    }
}
