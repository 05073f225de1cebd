using Workbench.Heads;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Checkpoints;

// The tagging and classification heads take their settings as constructor arguments, not as a config record;
// these records are that record, read back from a built head through its public properties, so a checkpoint
// can store a head's configuration like any other model's. When the heads get config records of their own,
// ModelFamily points at those instead and these go.

/// <summary>The settings of a <see cref="SequenceTagger"/> (its constructor's arguments).</summary>
public sealed record TaggerConfig(CellKind Cell, int VocabSize, int NumTags, int EmbeddingDim = 16, int HiddenSize = 32,
    int NumLayers = 1, bool Bidirectional = false, int PadId = 0, float Dropout = 0f)
{
    public static TaggerConfig Of(SequenceTagger m) => new(m.Encoder.Rnn.Kind, m.Encoder.Embedding.NumEmbeddings, m.NumTags,
        m.Encoder.Embedding.EmbeddingDim, m.Encoder.Rnn.HiddenSize, m.Encoder.Rnn.NumLayers, m.Encoder.Rnn.Bidirectional, m.PadId, m.Encoder.Rnn.DropoutP);

    public SequenceTagger Build(Generator? generator = null) =>
        new(Cell, VocabSize, NumTags, EmbeddingDim, HiddenSize, NumLayers, Bidirectional, PadId, Dropout, generator);
}

/// <summary>The settings of a <see cref="SequenceClassifier"/> (its constructor's arguments).</summary>
public sealed record ClassifierConfig(CellKind Cell, int VocabSize, int NumClasses, int EmbeddingDim = 16, int HiddenSize = 32,
    int NumLayers = 1, bool Bidirectional = false, Pooling Pooling = Pooling.Final, int PadId = 0, float Dropout = 0f)
{
    public static ClassifierConfig Of(SequenceClassifier m) => new(m.Encoder.Rnn.Kind, m.Encoder.Embedding.NumEmbeddings, m.NumClasses,
        m.Encoder.Embedding.EmbeddingDim, m.Encoder.Rnn.HiddenSize, m.Encoder.Rnn.NumLayers, m.Encoder.Rnn.Bidirectional, m.Pooling, m.PadId, m.Encoder.Rnn.DropoutP);

    public SequenceClassifier Build(Generator? generator = null) =>
        new(Cell, VocabSize, NumClasses, EmbeddingDim, HiddenSize, NumLayers, Bidirectional, Pooling, PadId, Dropout, generator);
}
