using Workbench.Data;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Seq2Seq;

/// <summary>Settings for training an encoder-decoder on (source, target) id pairs.</summary>
/// <param name="TeacherForcing">Teacher-forcing ratio by epoch (1-based); null: always 1. See <see cref="Seq2Seq.TeacherForcing"/>.</param>
/// <param name="MaxBatchesPerEpoch">Cut each epoch to this many batches (null: all), for small budgets.</param>
/// <param name="MaxValidPairs">Validate on the first this many pairs (null: all).</param>
/// <param name="Schedule">The learning-rate schedule, built on the run's optimizer and stepped after every epoch
/// (e.g. <c>opt => new CosineAnnealingLR(opt, epochs)</c>); null: a constant rate.</param>
public sealed record Seq2SeqTrainingOptions(int Epochs = 10, int BatchSize = 64, float LearningRate = 3e-3f, float? ClipNorm = 1f,
    Func<int, double>? TeacherForcing = null, int? MaxBatchesPerEpoch = null, int? MaxValidPairs = null,
    Func<Optimizer, LRScheduler>? Schedule = null);

/// <summary>
/// Trains a <see cref="Seq2SeqModel"/> with Adam through the shared <see cref="Trainer"/> over a
/// <see cref="Seq2SeqTrainingPlan"/> (the batches, teacher-forcing ratios and coins every engine sees): validation loss
/// (teacher-forced, per target token) after every epoch, then the learning-rate schedule if any.
/// </summary>
public static class Seq2SeqTraining
{
    /// <summary>(source, target) pairs of dataset examples with the target's &lt;bos&gt; and &lt;eos&gt; removed:
    /// <see cref="Seq2SeqBatch.Create"/> appends the end token itself and the model feeds the start token.</summary>
    public static List<(int[] Source, int[] Target)> Pairs(IReadOnlyList<SequenceExample> examples, int bosId = 2, int eosId = 3)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var pairs = new List<(int[], int[])>(examples.Count);
        for (int i = 0; i < examples.Count; i++)
        {
            var t = examples[i].Target ?? throw new ArgumentException($"seq2seq pairs: example {i} has no target.", nameof(examples));
            int start = t.Length > 0 && t[0] == bosId ? 1 : 0, end = t.Length > start && t[^1] == eosId ? t.Length - 1 : t.Length;
            pairs.Add((examples[i].Source, t[start..end]));
        }
        return pairs;
    }

    /// <summary>A config sized to the dataset's vocabularies, with its special ids (&lt;pad&gt; 0, &lt;bos&gt; 2,
    /// &lt;eos&gt; 3, which differ from <see cref="Seq2SeqConfig"/>'s defaults); change the rest with <c>with</c>.</summary>
    public static Seq2SeqConfig ConfigFor(SequenceDataset data, CellKind cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        var target = data.Target ?? throw new ArgumentException($"seq2seq: dataset '{data.Name}' has no target field.", nameof(data));
        return new Seq2SeqConfig(cell, data.Source.Vocab.Count, target.Vocab.Count,
            PadId: target.Vocab.PadId, BosId: target.Vocab.BosId, EosId: target.Vocab.EosId);
    }

    public static TrainingHistory Train(Seq2SeqModel model, IReadOnlyList<(int[] Source, int[] Target)> train,
        IReadOnlyList<(int[] Source, int[] Target)>? valid, Seq2SeqTrainingOptions options, Generator generator,
        Action<EpochRecord>? onEpoch = null, Optimizer? optimizer = null, Action<StepRecord>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(options);
        var plan = new Seq2SeqTrainingPlan(train, valid, options, model.Config, generator);   // the same run on every engine
        optimizer ??= new Adam(model.Parameters(), options.LearningRate);
        var trainer = new Trainer(model, optimizer, new TrainerOptions(options.Epochs, ClipNorm: options.ClipNorm), options.Schedule?.Invoke(optimizer));
        return trainer.Fit(
            plan.Epoch,
            step => model.Loss(step.Batch, step.TeacherForcing, plan.Coins),
            validate: plan.Valid is null ? null : () => plan.ValidLoss(b => { var l = model.Loss(b); return (l.Loss.Item(), l.Tokens); }),
            onEpoch: onEpoch, onStep: onStep);
    }
}
