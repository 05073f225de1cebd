using Workbench.Data;
using TorchSharp.Modules;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Recurrent;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>
/// The workbench's <see cref="Encoder"/> as a TorchSharp module: embedding (padding row kept at zero), dropout, and a
/// (possibly deep, possibly bidirectional) RNN, GRU or LSTM over padded token ids. Submodules "embedding" and "rnn", so
/// its state-dict names are the workbench's (embedding.weight, rnn.weight_ih_l0, ..._reverse). Source lengths go to the
/// recurrent layer (packed sequences), so padding changes neither outputs nor final states. The seq2seq model and the
/// classification/tagging heads share it.
/// </summary>
public sealed class TorchEncoder : nn.Module
{
    readonly Embedding embedding;
    readonly nn.Module rnn;
    readonly Dropout dropout;

    public CellKind Cell { get; }
    public int VocabSize { get; }
    public int EmbeddingDim { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool Bidirectional { get; }
    public float Dropout { get; }
    public int? PaddingIdx { get; }
    /// <summary>Read each source sequence backwards (valid tokens only; padding stays at the end).</summary>
    public bool ReverseInput { get; }
    public int NumDirections => Bidirectional ? 2 : 1;
    /// <summary>Size of each output vector: num_directions * hidden_size.</summary>
    public int OutputSize => NumDirections * HiddenSize;

    /// <summary>The structure of <paramref name="source"/> (its weights are copied by the model that owns both).</summary>
    internal TorchEncoder(Encoder source) : base(TorchRuntime.Loaded(nameof(TorchEncoder)))
    {
        var (e, r) = (source.Embedding, source.Rnn);
        (Cell, VocabSize, EmbeddingDim, HiddenSize, NumLayers, Bidirectional, Dropout, PaddingIdx, ReverseInput) =
            (r.Kind, e.NumEmbeddings, e.EmbeddingDim, r.HiddenSize, r.NumLayers, r.Bidirectional, r.DropoutP, e.PaddingIdx, source.ReverseInput);
        embedding = nn.Embedding(VocabSize, EmbeddingDim, padding_idx: PaddingIdx);
        rnn = TorchRecurrent.Create(Cell, EmbeddingDim, HiddenSize, NumLayers, Bidirectional, Dropout);
        dropout = nn.Dropout(Dropout);
        RegisterComponents();
    }

    /// <summary>Runs over <paramref name="source"/>. Output [B, T, D*H] is in the order the layer read the tokens
    /// (reversed when <see cref="ReverseInput"/>); HN/CN are [L*D, B, H].</summary>
    public TorchRecurrentResult Forward(SequenceBatch source)
    {
        for (int b = 0; b < source.BatchSize; b++)
            if (source.Lengths[b] == 0)
                throw new ArgumentException($"encoder: sequence {b} of the batch is empty; every sequence needs at least one token.", nameof(source));
        var s = ReverseInput ? source.ReverseValid() : source;
        using var x = TensorConversion.Ids(s.Ids, s.BatchSize, s.Length, embedding.weight!.device);
        return TorchRecurrent.Forward(rnn, dropout.call(embedding.call(x)), lengths: s.Lengths);
    }

    /// <summary>Final states [L*D, B, H] regrouped per layer as [L, B, D*H] (forward direction first).</summary>
    public static Tensor ConcatDirections(Tensor states, int numDirections)
    {
        if (numDirections == 1) return states;
        long ld = states.shape[0], b = states.shape[1], h = states.shape[2], l = ld / numDirections;
        return states.reshape(l, numDirections, b, h).permute(0, 2, 1, 3).reshape(l, b, numDirections * h);
    }
}
