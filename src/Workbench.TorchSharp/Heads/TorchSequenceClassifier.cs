using Workbench.Data;
using TorchSharp;
using TorchSharp.Modules;
using Workbench.Heads;
using Workbench.Recurrent;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Seq2Seq;
using Workbench.TorchSharp.Training;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Heads;

/// <summary>
/// The workbench's <see cref="SequenceClassifier"/> as a TorchSharp module: an embedding, a recurrent layer (optionally
/// deep and bidirectional), a pooled summary of the sequence (<see cref="Pooling"/>) and a linear layer to class logits.
/// Submodules "encoder" (encoder.embedding, encoder.rnn) and "fc", as in the workbench.
/// </summary>
public sealed class TorchSequenceClassifier : nn.Module
{
    readonly TorchEncoder encoder;
    readonly Linear fc;

    public TorchEncoder Encoder => encoder;
    public Pooling Pooling { get; }
    public SequenceClassifierConfig Config { get; }
    public int PadId { get; }
    public int NumClasses { get; }
    public Device Device { get; }

    /// <summary>The workbench classifier's settings; the weights are drawn as the workbench draws them from <paramref name="generator"/>.</summary>
    public TorchSequenceClassifier(SequenceClassifierConfig config, Generator? generator = null, string device = "cpu")
        : this(new SequenceClassifier(config, generator), device) { }

    TorchSequenceClassifier(SequenceClassifier source, string device) : base(TorchRuntime.Loaded(nameof(TorchSequenceClassifier)))
    {
        encoder = new TorchEncoder(source.Encoder);
        fc = nn.Linear(source.Fc.InFeatures, source.Fc.OutFeatures);
        RegisterComponents();
        Config = source.Config;
        (Pooling, PadId, NumClasses) = (source.Pooling, source.PadId, source.NumClasses);
        Weights.Copy(source, this);
        Device = TorchDevice.Parse(device);
        this.to(Device);
    }

    /// <summary>The workbench classifier's settings and weights, on <paramref name="device"/>.</summary>
    public static TorchSequenceClassifier From(SequenceClassifier classifier, string device = "cpu") => new(classifier, device);

    /// <summary>A workbench classifier with these settings and weights.</summary>
    public SequenceClassifier ToWorkbench()
    {
        var classifier = new SequenceClassifier(Config, new Generator(0));
        Weights.Copy(this, classifier);
        return classifier;
    }

    /// <summary>Class logits [B, C].</summary>
    public Tensor forward(SequenceBatch x)
    {
        var r = encoder.Forward(x);
        Tensor summary;
        if (Pooling == Pooling.Final)
            summary = TorchEncoder.ConcatDirections(r.HN, encoder.NumDirections).select(0, encoder.NumLayers - 1);
        else
        {   // padded outputs are zero, so the sum over all steps is the sum over valid ones
            var (_, batch, _, lengths) = x.Layout();
            using var count = tensor(lengths.Select(l => (float)l).ToArray(), [batch, 1], ScalarType.Float32, Device);
            summary = r.Output.sum(1) / count;
        }
        return fc.call(summary);
    }

    /// <summary>Mean cross-entropy over the batch.</summary>
    public TorchStepLoss Loss(SequenceBatch x, int[] labels)
    {
        var batch = x.Layout().Batch;
        if (labels.Length != batch) throw new ArgumentException($"sequence classifier: {labels.Length} labels for {batch} sequences.", nameof(labels));
        using var target = tensor(labels.Select(l => (long)l).ToArray(), ScalarType.Int64, Device);
        return new TorchStepLoss(nn.functional.cross_entropy(forward(x), target), batch);
    }

    /// <summary>The most likely class of each sequence.</summary>
    public int[] Predict(IReadOnlyList<int[]> sequences)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return forward(SequenceBatch.Pad(sequences, PadId)).argmax(-1).cpu().data<long>().ToArray().Select(v => (int)v).ToArray();
    }
}
