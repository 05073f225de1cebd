using Workbench.Recurrent;
using Workbench.Seq2Seq;

namespace Workbench.Heads;

/// <summary>Hyper-parameters of a <see cref="SequenceClassifier"/>.</summary>
/// <param name="PadId">Padding id of the vocabulary: its embedding row stays zero.</param>
/// <param name="Dropout">On the embeddings and between recurrent layers, in training mode.</param>
public sealed record SequenceClassifierConfig(CellKind Cell, int VocabSize, int NumClasses, int EmbeddingDim = 16,
    int HiddenSize = 32, int NumLayers = 1, bool Bidirectional = false, Pooling Pooling = Pooling.Final, int PadId = 0,
    float Dropout = 0f)
{
    /// <summary>The encoder's part.</summary>
    public EncoderConfig ForEncoder() => new(Cell, VocabSize, EmbeddingDim, HiddenSize, NumLayers, Bidirectional,
        Dropout: Dropout, PaddingIdx: PadId);
}
