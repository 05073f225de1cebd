using Workbench.Recurrent;

namespace Workbench.Seq2Seq;

/// <summary>Hyper-parameters of an <see cref="Encoder"/> (the seq2seq model's and the heads' configurations build it).</summary>
/// <param name="ReverseInput">Read each sequence backwards (valid tokens only; padding stays at the end).</param>
/// <param name="Dropout">On the embeddings and between recurrent layers, in training mode.</param>
/// <param name="PaddingIdx">Embedding row that stays zero and gets no gradient (null: none).</param>
public sealed record EncoderConfig(CellKind Cell, int VocabSize, int EmbeddingDim, int HiddenSize, int NumLayers = 1,
    bool Bidirectional = false, bool ReverseInput = false, float Dropout = 0f, int? PaddingIdx = null)
{
    /// <summary>Size of each output vector: num_directions * hidden_size.</summary>
    public int OutputSize => (Bidirectional ? 2 : 1) * HiddenSize;
}
