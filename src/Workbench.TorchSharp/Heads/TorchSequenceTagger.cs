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
/// The workbench's <see cref="SequenceTagger"/> as a TorchSharp module: one tag per token from an embedding, a
/// recurrent layer (optionally deep and bidirectional) and a linear layer at every step. Submodules "encoder"
/// (encoder.embedding, encoder.rnn) and "fc", as in the workbench, so weights move between the engines unchanged.
/// </summary>
public sealed class TorchSequenceTagger : nn.Module
{
    const int IgnoreIndex = -100;
    readonly TorchEncoder encoder;
    readonly Linear fc;

    public TorchEncoder Encoder => encoder;
    public SequenceTaggerConfig Config { get; }
    public int PadId { get; }
    public int NumTags { get; }
    public Device Device { get; }

    /// <summary>The workbench tagger's settings; the weights are drawn as the workbench draws them from <paramref name="generator"/>.</summary>
    public TorchSequenceTagger(SequenceTaggerConfig config, Generator? generator = null, string device = "cpu")
        : this(new SequenceTagger(config, generator), device) { }

    TorchSequenceTagger(SequenceTagger source, string device) : base(TorchRuntime.Loaded(nameof(TorchSequenceTagger)))
    {
        encoder = new TorchEncoder(source.Encoder);
        fc = nn.Linear(source.Fc.InFeatures, source.Fc.OutFeatures);
        RegisterComponents();
        Config = source.Config;
        (PadId, NumTags) = (source.PadId, source.NumTags);
        Weights.Copy(source, this);
        Device = TorchDevice.Parse(device);
        this.to(Device);
    }

    /// <summary>The workbench tagger's settings and weights, on <paramref name="device"/>.</summary>
    public static TorchSequenceTagger From(SequenceTagger tagger, string device = "cpu") => new(tagger, device);

    /// <summary>A workbench tagger with these settings and weights.</summary>
    public SequenceTagger ToWorkbench()
    {
        var tagger = new SequenceTagger(Config, new Generator(0));
        Weights.Copy(this, tagger);
        return tagger;
    }

    /// <summary>Tag logits [B, T, K] (rows past a sequence's length are padding).</summary>
    public Tensor forward(SequenceBatch x) => fc.call(encoder.Forward(x).Output);

    /// <summary>Mean cross-entropy per valid token; padded positions count for nothing.</summary>
    public TorchStepLoss Loss(SequenceBatch x, IReadOnlyList<int[]> tags)
    {
        var (_, batch, time, lengths) = x.Layout();
        if (tags.Count != batch) throw new ArgumentException($"sequence tagger: {tags.Count} tag sequences for {batch} sequences.", nameof(tags));
        var targets = new long[batch * time];
        Array.Fill(targets, IgnoreIndex);
        for (int b = 0; b < batch; b++)
        {
            if (tags[b].Length != lengths[b])
                throw new ArgumentException($"sequence tagger: sequence {b} has {lengths[b]} tokens but {tags[b].Length} tags.", nameof(tags));
            for (int t = 0; t < lengths[b]; t++) targets[b * time + t] = tags[b][t];
        }
        using var target = tensor(targets, ScalarType.Int64, Device);
        var loss = nn.functional.cross_entropy(forward(x).reshape(-1, NumTags), target, ignore_index: IgnoreIndex);
        return new TorchStepLoss(loss, lengths.Sum());
    }

    /// <summary>The most likely tag of every token, one array per sequence.</summary>
    public int[][] Predict(IReadOnlyList<int[]> sequences)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = SequenceBatch.Pad(sequences, PadId);
        var (_, batch, time, lengths) = x.Layout();
        var best = forward(x).argmax(-1).cpu().data<long>().ToArray();
        return Enumerable.Range(0, batch).Select(b => best.AsSpan(b * time, lengths[b]).ToArray().Select(v => (int)v).ToArray()).ToArray();
    }
}
