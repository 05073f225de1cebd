using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>Builds the recurrent layer for a <see cref="CellKind"/>, so models can take the cell kind as a setting.</summary>
public static class RecurrentLayers
{
    public static RecurrentLayer Create(CellKind kind, int inputSize, int hiddenSize, int numLayers = 1,
        bool bidirectional = false, float dropout = 0f, Generator? generator = null) => kind switch
    {
        CellKind.Lstm => new LSTM(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, dropout: dropout, generator: generator),
        CellKind.Gru => new GRU(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, dropout: dropout, generator: generator),
        CellKind.RnnRelu => new RNN(inputSize, hiddenSize, numLayers, NonLinearity.ReLU, bidirectional: bidirectional, dropout: dropout, generator: generator),
        CellKind.RnnTanh => new RNN(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, dropout: dropout, generator: generator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "recurrent layer: unknown cell kind."),
    };
}
