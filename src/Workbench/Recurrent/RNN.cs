using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Elman recurrent layer (torch.nn.RNN, batch_first): every step of every layer and direction computes the
/// equations of <see cref="RNNCell"/> (written out at the top of RNNCell.cs), fused into one kernel. The notes'
/// W_ax is weight_ih_l{k}, W_aa is weight_hh_l{k} and b_a is bias_ih_l{k} + bias_hh_l{k} (PyTorch keeps two bias
/// vectors; only their sum matters). With <see cref="NonLinearity.ReLU"/>, relu replaces tanh.
/// </summary>
public sealed class RNN(int inputSize, int hiddenSize, int numLayers = 1, NonLinearity nonlinearity = NonLinearity.Tanh,
    bool bias = true, bool bidirectional = false, float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(nonlinearity == NonLinearity.ReLU ? CellKind.RnnRelu : CellKind.RnnTanh,
        inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator)
{
    public NonLinearity NonLinearity => Kind == CellKind.RnnRelu ? NonLinearity.ReLU : NonLinearity.Tanh;

    protected override string ExtraRepr() => base.ExtraRepr() + (Kind == CellKind.RnnRelu ? ", nonlinearity='relu'" : "");
}
