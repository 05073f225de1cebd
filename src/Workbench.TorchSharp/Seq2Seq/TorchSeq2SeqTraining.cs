using Workbench.Seq2Seq;
using Workbench.TorchSharp.Training;
using Workbench.Training;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;
using LRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>
/// The workbench's <see cref="Seq2SeqTraining"/> for <see cref="TorchSeq2SeqModel"/>, with the same options and the
/// same run (<see cref="Seq2SeqTrainingPlan"/>: pairs reshuffled each epoch from the generator, the epoch's
/// teacher-forcing ratio, coins from the generator's second fork, teacher-forced validation loss per target token):
/// Adam through <see cref="TorchTrainer"/>. From the same weights and generator seed both engines train the same model
/// (dropout aside: its masks come from TorchSharp's generator, <c>torch.manual_seed</c>).
/// A learning-rate schedule is TorchSharp's own, built on the run's optimizer by <c>schedule</c> and stepped after every
/// epoch like <see cref="Seq2SeqTrainingOptions.Schedule"/> (which builds a workbench scheduler, so it is refused here
/// rather than ignored).
/// </summary>
public static class TorchSeq2SeqTraining
{
    public static TrainingHistory Train(TorchSeq2SeqModel model, IReadOnlyList<(int[] Source, int[] Target)> train,
        IReadOnlyList<(int[] Source, int[] Target)>? valid, Seq2SeqTrainingOptions options, Generator generator,
        Action<EpochRecord>? onEpoch = null, optim.Optimizer? optimizer = null, Action<StepRecord>? onStep = null,
        Func<optim.Optimizer, LRScheduler>? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(options);
        if (options.Schedule is not null)
            throw new ArgumentException("TorchSharp seq2seq training: options.Schedule builds a workbench scheduler, which cannot drive a "
                + "TorchSharp optimizer. Pass TorchSharp's own instead, e.g. schedule: opt => optim.lr_scheduler.CosineAnnealingLR(opt, epochs).",
                nameof(options));
        var plan = new Seq2SeqTrainingPlan(train, valid, options, model.Config, generator);
        optimizer ??= optim.Adam(model.parameters(), options.LearningRate);
        var trainer = new TorchTrainer(model, optimizer, new TrainerOptions(options.Epochs, ClipNorm: options.ClipNorm), schedule?.Invoke(optimizer));
        return trainer.Fit(
            plan.Epoch,
            step => model.Loss(step.Batch, step.TeacherForcing, plan.Coins),
            validate: plan.Valid is null ? null : () => plan.ValidLoss(b =>
            {
                using var scope = NewDisposeScope();
                var l = model.Loss(b);
                return (l.Loss.item<float>(), l.Tokens);
            }),
            onEpoch: onEpoch, onStep: onStep);
    }
}
