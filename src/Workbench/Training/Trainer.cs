using Workbench.Metrics;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Training;

/// <summary>Settings of a training run.</summary>
/// <param name="Epochs">Passes over the training batches.</param>
/// <param name="MaxSteps">Stop after this many optimizer steps in total (null: no limit).</param>
/// <param name="ClipNorm">Global gradient-norm clip (null: none). 5 is the customary value for RNNs.</param>
/// <param name="Patience">Early stopping: stop when validation loss has not improved for this many evaluations (null: never).</param>
/// <param name="RestoreBest">Keep a copy of the weights from the epoch with the lowest validation loss and load it back
/// when the run ends, however it ends (early stop, MaxSteps, last epoch): the model a run leaves behind is the one its
/// validation chose, not the one a few epochs past it (Keras' <c>restore_best_weights</c>). Needs a validate function.</param>
public sealed record TrainerOptions(int Epochs = 10, long? MaxSteps = null, float? ClipNorm = 5f, int? Patience = null, bool RestoreBest = false);

/// <summary>One evaluation point of a run: losses in nats per token, perplexity, learning rate, time.</summary>
public sealed record EpochRecord(int Epoch, long Step, double TrainLoss, double? ValidLoss, double LearningRate, double GradNorm, double Seconds)
{
    public double TrainPerplexity => LanguageModelMetrics.Perplexity(TrainLoss);
    public double? ValidPerplexity => ValidLoss is double v ? LanguageModelMetrics.Perplexity(v) : null;
}

/// <summary>Everything a run produced, in order.</summary>
public sealed class TrainingHistory
{
    public List<EpochRecord> Records { get; } = [];
    public string StopReason { get; internal set; } = "";
    public double? BestValidLoss => Records.Select(r => r.ValidLoss).Min();   // Min skips nulls

    /// <summary>The epoch with the lowest validation loss (the first of those within 1e-9 of it; null without
    /// validation), as early stopping and RestoreBest count it.</summary>
    public int? BestEpoch { get; internal set; }

    /// <summary>The epoch whose weights the model holds after the run: <see cref="BestEpoch"/> with
    /// <see cref="TrainerOptions.RestoreBest"/>, else the last one.</summary>
    public int? WeightsEpoch { get; internal set; }
}

/// <summary>A training step's result: the loss to back-propagate (mean over its tokens) and how many tokens it averaged.</summary>
public readonly record struct StepLoss(Tensor Loss, int Tokens);

/// <summary>One optimizer step: its epoch (1-based within the run), the step number, the batch's mean loss and the
/// tokens it averaged; for progress bars.</summary>
public readonly record struct StepRecord(int Epoch, long Step, double Loss, int Tokens);

/// <summary>Raised when the loss or the gradients stop being finite; says where.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// The training loop shared by every model: for each batch, loss -> backward -> clip -> optimizer step;
/// after each epoch, validation, the learning-rate schedule, early stopping and a progress callback
/// (which a notebook uses to redraw a live chart). The model-specific part is the loss function.
/// </summary>
public sealed class Trainer(Module model, Optimizer optimizer, TrainerOptions? options = null, LRScheduler? scheduler = null)
{
    public TrainerOptions Options { get; } = options ?? new TrainerOptions();
    public long Step { get; private set; }

    /// <param name="batches">The training batches of an epoch (called once per epoch, so it can reshuffle from the seed).</param>
    /// <param name="loss">The loss of one batch (in training mode). Each step runs inside a <see cref="DisposeScope"/>:
    /// tensors it makes are released when the step ends, so a tensor kept for the next step (a carried hidden state)
    /// must be moved out with <see cref="Tensor.MoveToOuterDisposeScope"/>.</param>
    /// <param name="validate">Mean validation loss per token (called in eval mode, without gradients); null: none.</param>
    /// <param name="onEpoch">Called after each epoch with its record.</param>
    /// <param name="onStep">Called after each optimizer step (a live progress bar).</param>
    public TrainingHistory Fit<TBatch>(Func<int, IEnumerable<TBatch>> batches, Func<TBatch, StepLoss> loss,
        Func<double>? validate = null, Action<EpochRecord>? onEpoch = null, Action<StepRecord>? onStep = null)
    {
        TrainingRun.CheckRestoreBest(Options, validate is not null);
        var run = new TrainingRun(Options, Step);
        Dictionary<string, Tensor>? best = null;   // copies of the weights at the best validation loss so far
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            model.Train();
            double lastNorm = 0;
            foreach (var batch in batches(epoch))
            {
                float value; int n;
                // The step's activations and gradients die with it: the scope recycles their storage.
                using (Tensor.NewDisposeScope())
                {
                    optimizer.ZeroGrad();
                    Tensor l;
                    // A loss that meets non-finite logits throws before it has a value to check: the same divergence.
                    try { (l, n) = loss(batch); }
                    catch (ArithmeticException e) { throw run.Diverged(epoch, e.Message); }
                    value = l.Item();
                    run.CheckLoss(epoch, value);
                    l.Backward();
                    try { lastNorm = Options.ClipNorm is float c ? GradClip.ClipGradNorm(model.Parameters(), c) : 0; }
                    catch (ArithmeticException e) { throw run.Diverged(epoch, e.Message); }
                    optimizer.Step();
                }
                bool limit = run.EndStep(value, n);
                Step = run.Step;
                onStep?.Invoke(new StepRecord(epoch, Step, value, n));
                if (limit) break;
            }
            double? valid = null;
            if (validate is not null)
            {
                model.Eval();
                using (new Autograd.NoGrad()) valid = validate();
                model.Train();
            }
            bool stop = run.EndEpoch(epoch, valid, optimizer.LearningRate, lastNorm, scheduler is null ? null : scheduler.Step, onEpoch);
            if (Options.RestoreBest && run.History.BestEpoch == epoch) best = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Clone());
            if (stop) break;
        }
        if (best is not null) model.LoadStateDict(best);
        return run.Finish(restored: best is not null);
    }
}
