using Workbench.TorchSharp.Interop;
using Workbench.Training;
using static TorchSharp.torch;
using LRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Workbench.TorchSharp.Training;

/// <summary>
/// The workbench's training loop (<see cref="Trainer"/>) for TorchSharp modules, with the same options, records and
/// history: for each batch, loss -> backward -> clip -> optimizer step, inside a dispose scope that frees the step's
/// native tensors; after each epoch, validation, the learning-rate schedule, early stopping and a callback (a
/// notebook redraws its live chart there); with RestoreBest, the best-validated weights are loaded back at the end.
/// A non-finite loss or gradient norm stops the run with <see cref="TrainingDivergedException"/> before the optimizer
/// touches the weights.
/// </summary>
public sealed class TorchTrainer(nn.Module model, optim.Optimizer optimizer, TrainerOptions? options = null, LRScheduler? scheduler = null)
{
    public TrainerOptions Options { get; } = options ?? new TrainerOptions();
    public long Step { get; private set; }

    /// <summary>The current learning rate of the optimizer's first parameter group.</summary>
    public double LearningRate => optimizer.ParamGroups.First().LearningRate;

    /// <param name="batches">The training batches of an epoch (called once per epoch, so it can reshuffle from the seed).</param>
    /// <param name="loss">The loss of one batch (in training mode), inside the step's dispose scope: a tensor kept for the
    /// next step (a carried hidden state) must be moved out with MoveToOuterDisposeScope.</param>
    /// <param name="validate">Mean validation loss per token (called in eval mode, without gradients); null: none.</param>
    /// <param name="onEpoch">Called after each epoch with its record.</param>
    /// <param name="onStep">Called after each optimizer step (a live progress bar).</param>
    public TrainingHistory Fit<TBatch>(Func<int, IEnumerable<TBatch>> batches, Func<TBatch, TorchStepLoss> loss,
        Func<double>? validate = null, Action<EpochRecord>? onEpoch = null, Action<StepRecord>? onStep = null)
    {
        TrainingRun.CheckRestoreBest(Options, validate is not null);
        var run = new TrainingRun(Options, Step);
        var parameters = model.parameters().ToArray();
        Dictionary<string, Workbench.Tensors.Tensor>? best = null;   // CPU copies of the weights at the best validation loss so far
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            model.train();
            double lastNorm = 0;
            foreach (var batch in batches(epoch))
            {
                float value; int n;
                using (NewDisposeScope())   // frees the step's native tensors now, not at the next garbage collection
                {
                    optimizer.zero_grad();
                    (var l, n) = loss(batch);
                    value = l.item<float>();
                    run.CheckLoss(epoch, value);
                    l.backward();
                    if (Options.ClipNorm is float c)
                    {
                        lastNorm = nn.utils.clip_grad_norm_(parameters, c);
                        if (!double.IsFinite(lastNorm))
                            throw run.Diverged(epoch, $"clip_grad_norm: the gradient norm is {lastNorm}; training has diverged (NaN or Inf in a gradient).");
                    }
                    optimizer.step();
                }
                bool limit = run.EndStep(value, n);
                Step = run.Step;
                onStep?.Invoke(new StepRecord(epoch, Step, value, n));
                if (limit) break;
            }
            double? valid = null;
            if (validate is not null)
            {
                using (model.EvalMode())
                using (no_grad()) valid = validate();
            }
            bool stop = run.EndEpoch(epoch, valid, LearningRate, lastNorm, scheduler is null ? null : () => scheduler.step(), onEpoch);
            if (Options.RestoreBest && run.History.BestEpoch == epoch) best = Weights.StateDict(model);
            if (stop) break;
        }
        if (best is not null) Weights.Load(model, best);
        return run.Finish(restored: best is not null);
    }
}
