using Workbench.Data;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Heads;

/// <summary>
/// Many-to-one classification: embedding, a recurrent layer (optionally deep and bidirectional), a pooled summary
/// of the sequence (<see cref="Pooling"/>), and a linear layer to class logits. Submodules "encoder"
/// (encoder.embedding, encoder.rnn) and "fc".
/// </summary>
public sealed class SequenceClassifier : Module<SequenceBatch, Tensor>
{
    public SequenceClassifierConfig Config { get; }
    public Encoder Encoder { get; }
    public Linear Fc { get; }
    public Pooling Pooling => Config.Pooling;
    public int PadId => Config.PadId;
    public int NumClasses => Fc.OutFeatures;

    public SequenceClassifier(SequenceClassifierConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.NumClasses < 2) throw new ArgumentOutOfRangeException(nameof(config), config.NumClasses, "sequence classifier: needs at least 2 classes.");
        Config = config;
        Encoder = RegisterModule("encoder", new Encoder(config.ForEncoder(), generator));
        Fc = RegisterModule("fc", new Linear(Encoder.OutputSize, config.NumClasses, generator: generator));
    }

    /// <summary>Class logits [B, C].</summary>
    public override Tensor Forward(SequenceBatch x)
    {
        var r = Encoder.Forward(x);
        Tensor summary;
        if (Pooling == Pooling.Final)
            summary = Encoder.ConcatDirections(r.HN, Encoder.Rnn.NumDirections).Select(0, Encoder.Rnn.NumLayers - 1);
        else
        {   // padded outputs are zero, so the sum over all steps is the sum over valid ones
            var lengths = Tensor.FromArray(x.Lengths.Select(l => (float)l).ToArray(), x.BatchSize, 1);
            summary = r.Output.Sum(1) / lengths;
        }
        return Fc.Forward(summary);
    }

    /// <summary>Mean cross-entropy over the batch.</summary>
    public StepLoss Loss(SequenceBatch x, int[] labels)
    {
        if (labels.Length != x.BatchSize) throw new ArgumentException($"sequence classifier: {labels.Length} labels for {x.BatchSize} sequences.", nameof(labels));
        return new StepLoss(Functional.CrossEntropy(Forward(x), labels), x.BatchSize);
    }

    /// <summary>The most likely class of each sequence.</summary>
    public int[] Predict(IReadOnlyList<int[]> sequences)
    {
        using var _ = new Autograd.NoGrad();
        return Forward(SequenceBatch.Pad(sequences, PadId)).ArgmaxIndices(-1);
    }

    protected override string ExtraRepr() => $"pooling={Pooling}";
}
