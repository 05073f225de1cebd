using Workbench.Recurrent;

namespace Workbench.Seq2Seq;

/// <summary>Hyper-parameters of a <see cref="RecurrentDecoder"/> (built from a <see cref="Seq2SeqConfig"/>).</summary>
/// <param name="KeySize">Size of the encoder activations attention reads (num_directions * encoder hidden size).</param>
/// <param name="AttentionSize">Hidden size of additive attention (0: the hidden size).</param>
/// <param name="InputFeeding">Luong's input feeding: the previous attentional vector h̃ joins the decoder input.</param>
/// <param name="Dropout">On the embeddings, between recurrent layers and before the output layer, in training mode.</param>
/// <param name="PaddingIdx">Embedding row that stays zero and gets no gradient (null: none).</param>
public sealed record DecoderConfig(CellKind Cell, int VocabSize, int EmbeddingDim, int HiddenSize, int KeySize,
    int NumLayers = 1, AttentionKind Attention = AttentionKind.None, int AttentionSize = 0, bool InputFeeding = false,
    float Dropout = 0f, int? PaddingIdx = null);
