using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// What a seq2seq training run reads, fixed by its options and generator so that every engine's training loop sees
/// the same run: the batches of each epoch (pairs reshuffled from the first fork of the generator, each batch carrying
/// the epoch's teacher-forcing ratio), the generator the teacher-forcing coins come from (the second fork), and the
/// validation batches.
/// </summary>
public sealed class Seq2SeqTrainingPlan
{
    readonly IReadOnlyList<(int[] Source, int[] Target)> train;
    readonly Seq2SeqTrainingOptions options;
    readonly Seq2SeqConfig config;
    readonly Generator shuffle;

    /// <summary>Where the teacher-forcing coins of every training batch come from.</summary>
    public Generator Coins { get; }
    /// <summary>The first <see cref="Seq2SeqTrainingOptions.MaxValidPairs"/> validation pairs in batches; null without validation pairs.</summary>
    public IReadOnlyList<Seq2SeqBatch>? Valid { get; }

    public Seq2SeqTrainingPlan(IReadOnlyList<(int[] Source, int[] Target)> train, IReadOnlyList<(int[] Source, int[] Target)>? valid,
        Seq2SeqTrainingOptions options, Seq2SeqConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(train); ArgumentNullException.ThrowIfNull(options); ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(generator);
        if (train.Count == 0) throw new ArgumentException("seq2seq training: no training pairs.", nameof(train));
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "seq2seq training: batch size must be >= 1.");
        (this.train, this.options, this.config) = (train, options, config);
        shuffle = generator.Fork();
        Coins = generator.Fork();
        Valid = valid is null || valid.Count == 0 ? null : Batches(valid.Take(options.MaxValidPairs ?? valid.Count).ToList()).ToList();
    }

    /// <summary>The training batches of <paramref name="epoch"/> (1-based; call once per epoch, in order).</summary>
    public IEnumerable<(Seq2SeqBatch Batch, double TeacherForcing)> Epoch(int epoch)
    {
        double ratio = options.TeacherForcing?.Invoke(epoch) ?? 1.0;
        var order = shuffle.Permutation(train.Count).Select(i => train[i]).ToList();
        var batches = Batches(order).Select(b => (Batch: b, TeacherForcing: ratio));
        return options.MaxBatchesPerEpoch is int m ? batches.Take(m) : batches;
    }

    /// <summary>Mean loss per target token over the validation batches, from each batch's mean loss and token count.</summary>
    public double ValidLoss(Func<Seq2SeqBatch, (double MeanLoss, int Tokens)> loss)
    {
        if (Valid is null) throw new InvalidOperationException("seq2seq training: the plan has no validation pairs.");
        double total = 0; long tokens = 0;
        foreach (var b in Valid)
        {
            var (l, n) = loss(b);
            total += l * n;
            tokens += n;
        }
        return total / tokens;
    }

    IEnumerable<Seq2SeqBatch> Batches(List<(int[] Source, int[] Target)> pairs)
    {
        for (int i = 0; i < pairs.Count; i += options.BatchSize)
            yield return Seq2SeqBatch.Create(pairs.GetRange(i, Math.Min(options.BatchSize, pairs.Count - i)), config.PadId, config.EosId);
    }
}
