using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Gated recurrent unit layer (torch.nn.GRU, batch_first): every step of every layer and direction computes the
/// equations of <see cref="GRUCell"/> (written out at the top of GRUCell.cs), fused into one kernel.
/// Gate blocks in weight_ih/weight_hh rows: r, z, n.
/// </summary>
public sealed class GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool bidirectional = false,
    float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(CellKind.Gru, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator);
