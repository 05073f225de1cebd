using System.Diagnostics;

namespace Workbench.Training;

/// <summary>
/// The bookkeeping of a training loop, whichever engine computes its steps (<see cref="Trainer"/> here, the TorchSharp
/// engine's loop in Workbench.TorchSharp): the step count, the loss per token, one <see cref="EpochRecord"/> per
/// evaluation, the stop rules (MaxSteps, early stopping on validation loss) with their reasons, and the divergence
/// messages. The loop keeps only what is engine-specific: the step itself, modes, gradients, the optimizer.
/// </summary>
public sealed class TrainingRun(TrainerOptions options, long step = 0)
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    double best = double.PositiveInfinity, lossSum;
    int sinceBest;
    long tokens;

    public TrainingHistory History { get; } = new();

    /// <summary>RestoreBest chooses by validation loss, so a run without validation cannot honour it.</summary>
    public static void CheckRestoreBest(TrainerOptions options, bool validates)
    {
        if (options.RestoreBest && !validates)
            throw new ArgumentException("TrainerOptions.RestoreBest needs a validate function: the best weights are chosen by validation loss.", nameof(options));
    }

    /// <summary>Optimizer steps taken, counting those of earlier runs of the same trainer.</summary>
    public long Step { get; private set; } = step;

    /// <summary>Raised before backward: a non-finite loss ends the run before the weights change.</summary>
    public void CheckLoss(int epoch, float loss)
    {
        if (!float.IsFinite(loss)) throw Diverged(epoch, $"loss is {loss}. Lower the learning rate or clip gradients.");
    }

    /// <summary>The error that ends a run at the coming step.</summary>
    public TrainingDivergedException Diverged(int epoch, string why) => new($"training diverged at epoch {epoch}, step {Step + 1}: {why}");

    /// <summary>Counts a finished step and its mean loss over <paramref name="tokenCount"/> tokens; true when MaxSteps is
    /// reached and the epoch should end.</summary>
    public bool EndStep(float loss, int tokenCount)
    {
        Step++;
        lossSum += (double)loss * tokenCount;
        tokens += tokenCount;
        return options.MaxSteps is long max && Step >= max;
    }

    /// <summary>Records the epoch, then runs <paramref name="schedule"/> and <paramref name="onEpoch"/>; true when the
    /// run should stop (MaxSteps reached, or no validation improvement for Patience evaluations).</summary>
    public bool EndEpoch(int epoch, double? validLoss, double learningRate, double gradNorm, Action? schedule, Action<EpochRecord>? onEpoch)
    {
        var rec = new EpochRecord(epoch, Step, tokens == 0 ? double.NaN : lossSum / tokens, validLoss, learningRate, gradNorm, clock.Elapsed.TotalSeconds);
        (lossSum, tokens) = (0, 0);
        History.Records.Add(rec);
        // The best so far is updated before the callback and the stop rules: the epoch that ends a run can be the best.
        bool improved = validLoss is double v && v < best - 1e-9;
        if (improved) { best = validLoss!.Value; sinceBest = 0; History.BestEpoch = epoch; }
        schedule?.Invoke();
        onEpoch?.Invoke(rec);
        if (options.MaxSteps is long ms && Step >= ms) { History.StopReason = $"reached {ms} steps"; return true; }
        if (validLoss is not null && !improved && options.Patience is int p && ++sinceBest >= p)
        {
            History.StopReason = $"early stop: no validation improvement in {p} epochs";
            return true;
        }
        return false;
    }

    /// <summary>The history, with "completed N epochs" when no rule stopped the run; <paramref name="restored"/>: the
    /// loop loaded the weights of the best epoch back (<see cref="TrainerOptions.RestoreBest"/>), which the stop reason
    /// and WeightsEpoch then say.</summary>
    public TrainingHistory Finish(bool restored = false)
    {
        if (History.StopReason == "") History.StopReason = $"completed {History.Records.Count} epochs";
        History.WeightsEpoch = restored ? History.BestEpoch : History.Records.Count > 0 ? History.Records[^1].Epoch : null;
        if (restored) History.StopReason += $"; restored the weights of epoch {History.BestEpoch} (lowest validation loss)";
        return History;
    }
}
