using Workbench.Data;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// Embedding followed by a (possibly deep, possibly bidirectional) RNN, GRU or LSTM over a padded batch of token ids.
/// Submodules "embedding" and "rnn" (PyTorch names: embedding.weight, rnn.weight_ih_l0, ..._reverse). Source lengths
/// go to the recurrent layer, so padding changes neither outputs nor final states. The seq2seq model and the
/// classification/tagging heads share it.
/// </summary>
public sealed class Encoder : Module<SequenceBatch, RecurrentResult>
{
    public EncoderConfig Config { get; }
    public Embedding Embedding { get; }
    public RecurrentLayer Rnn { get; }
    /// <summary>Read each source sequence backwards (valid tokens only; padding stays at the end).</summary>
    public bool ReverseInput => Config.ReverseInput;
    readonly Dropout dropout;

    public Encoder(EncoderConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Embedding = RegisterModule("embedding", new Embedding(config.VocabSize, config.EmbeddingDim, config.PaddingIdx, generator));
        Rnn = RegisterModule("rnn", RecurrentLayers.Create(config.Cell, config.EmbeddingDim, config.HiddenSize, config.NumLayers,
            config.Bidirectional, config.Dropout, generator));
        dropout = RegisterModule("dropout", new Dropout(config.Dropout, generator));
    }

    /// <summary>Size of each output vector: num_directions * hidden_size.</summary>
    public int OutputSize => Config.OutputSize;

    /// <summary>Runs over <paramref name="source"/>. Output [B, T, D*H] is in the order the layer read the
    /// tokens (reversed when <see cref="ReverseInput"/>); HN/CN are [L*D, B, H].</summary>
    public override RecurrentResult Forward(SequenceBatch source)
    {
        for (int b = 0; b < source.BatchSize; b++)
            if (source.Lengths[b] == 0)
                throw new ArgumentException($"encoder: sequence {b} of the batch is empty; every sequence needs at least one token.", nameof(source));
        var s = ReverseInput ? source.ReverseValid() : source;
        var x = dropout.Forward(Embedding.Forward(s.Ids, s.BatchSize, s.Length));
        return Rnn.Forward(x, lengths: s.Lengths);
    }

    /// <summary>Final states [L*D, B, H] regrouped per layer as [L, B, D*H] (forward direction first), the layout a
    /// bidirectional encoder's states have to take before they can initialise a unidirectional decoder or a classifier.</summary>
    public static Tensor ConcatDirections(Tensor states, int numDirections)
    {
        if (numDirections == 1) return states;
        int ld = states.Size(0), b = states.Size(1), h = states.Size(2), l = ld / numDirections;
        return states.Reshape(l, numDirections, b, h).Permute(0, 2, 1, 3).Reshape(l, b, numDirections * h);
    }

    protected override string ExtraRepr() => ReverseInput ? "reverse_input=True" : "";
}
