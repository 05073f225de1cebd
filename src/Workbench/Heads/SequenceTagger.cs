using Workbench.Data;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Heads;

/// <summary>
/// Many-to-many tagging, one tag per token: embedding, a recurrent layer (optionally deep and bidirectional), and a
/// linear layer applied at every step. A unidirectional tagger sees only the tokens up to the current one; a
/// bidirectional one also sees those after it. Submodules "encoder" (encoder.embedding, encoder.rnn) and "fc".
/// </summary>
public sealed class SequenceTagger : Module<SequenceBatch, Tensor>
{
    public SequenceTaggerConfig Config { get; }
    public Encoder Encoder { get; }
    public Linear Fc { get; }
    public int PadId => Config.PadId;
    public int NumTags => Fc.OutFeatures;

    public SequenceTagger(SequenceTaggerConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.NumTags < 2) throw new ArgumentOutOfRangeException(nameof(config), config.NumTags, "sequence tagger: needs at least 2 tags.");
        Config = config;
        Encoder = RegisterModule("encoder", new Encoder(config.ForEncoder(), generator));
        Fc = RegisterModule("fc", new Linear(Encoder.OutputSize, config.NumTags, generator: generator));
    }

    /// <summary>Tag logits [B, T, K] (rows past a sequence's length are padding).</summary>
    public override Tensor Forward(SequenceBatch x) => Fc.Forward(Encoder.Forward(x).Output);

    /// <summary>Mean cross-entropy per valid token; padded positions count for nothing.</summary>
    public StepLoss Loss(SequenceBatch x, IReadOnlyList<int[]> tags)
    {
        if (tags.Count != x.BatchSize) throw new ArgumentException($"sequence tagger: {tags.Count} tag sequences for {x.BatchSize} sequences.", nameof(tags));
        var targets = new int[x.BatchSize * x.Length];
        Array.Fill(targets, IgnoreIndex);
        for (int b = 0; b < x.BatchSize; b++)
        {
            if (tags[b].Length != x.Lengths[b])
                throw new ArgumentException($"sequence tagger: sequence {b} has {x.Lengths[b]} tokens but {tags[b].Length} tags.", nameof(tags));
            tags[b].CopyTo(targets, b * x.Length);
        }
        var logits = Forward(x);
        return new StepLoss(Functional.CrossEntropy(logits.Reshape(-1, NumTags), targets, ignoreIndex: IgnoreIndex), x.Lengths.Sum());
    }

    const int IgnoreIndex = -100;

    /// <summary>The most likely tag of every token, one array per sequence.</summary>
    public int[][] Predict(IReadOnlyList<int[]> sequences)
    {
        using var _ = new Autograd.NoGrad();
        var x = SequenceBatch.Pad(sequences, PadId);
        var best = Forward(x).ArgmaxIndices(-1);
        return Enumerable.Range(0, x.BatchSize).Select(b => best.AsSpan(b * x.Length, x.Lengths[b]).ToArray()).ToArray();
    }
}
