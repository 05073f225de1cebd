using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Long short-term memory layer (torch.nn.LSTM, batch_first): every step of every layer and direction computes the
/// equations of <see cref="LSTMCell"/> (written out at the top of LSTMCell.cs), fused into one kernel; c_n is c&lt;t&gt;
/// and h_n is a&lt;t&gt; at each sequence's last step. Gate blocks in weight_ih/weight_hh rows: i, f, g, o.
/// </summary>
public sealed class LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool bidirectional = false,
    float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(CellKind.Lstm, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator);
