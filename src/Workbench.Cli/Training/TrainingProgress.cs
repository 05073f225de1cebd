using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Workbench.Training;

namespace Workbench.Cli.Training;

/// <summary>
/// What a training run shows while it works: step, loss, tokens per second and the time left, then each epoch's
/// validation result and checkpoint. On a terminal it is a live Spectre.Console progress bar per epoch; otherwise
/// (a log, a pipe, CI) plain lines, about ten per epoch.
/// </summary>
public abstract class TrainingProgress
{
    readonly Stopwatch clock = new();
    long stepsDone, stepsTotal, tokens;
    double loss; long lossTokens;

    public static TrainingProgress For(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive ? new Live(console) : new Lines(console);

    /// <summary>Runs the whole training inside the display.</summary>
    public abstract void Run(Action work);

    /// <summary>Before the first epoch of this run: steps still to do in total, for the time left.</summary>
    public void Plan(long totalSteps) { stepsTotal = totalSteps; clock.Restart(); }

    public void BeginEpoch(int epoch, int epochs, int steps)
    {
        (loss, lossTokens) = (0, 0);
        OnBeginEpoch(epoch, epochs, steps);
    }

    public void Step(int epoch, int epochs, int step, int steps, StepRecord record)
    {
        stepsDone++; tokens += record.Tokens;
        loss += record.Loss * record.Tokens; lossTokens += record.Tokens;
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var eta = TimeSpan.FromSeconds(seconds / stepsDone * Math.Max(0, stepsTotal - stepsDone));
        string text = string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}  step {step}/{steps}  loss {loss / Math.Max(1, lossTokens):F4}  {tokens / seconds:N0} tok/s  ETA {Format(eta)}");
        OnStep(step, steps, text);
    }

    public void EndEpoch(int epochs, EpochRecord r, string checkpoint) => OnEndEpoch(string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch}/{epochs}  train loss {r.TrainLoss:F4} (ppl {r.TrainPerplexity:F2})  valid loss {r.ValidLoss:F4} (ppl {r.ValidPerplexity:F2})  {r.Seconds:F1} s  -> {checkpoint}"));

    protected abstract void OnBeginEpoch(int epoch, int epochs, int steps);
    protected abstract void OnStep(int step, int steps, string text);
    protected abstract void OnEndEpoch(string text);

    static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    sealed class Live(IAnsiConsole console) : TrainingProgress
    {
        ProgressContext? context;
        ProgressTask? task;

        public override void Run(Action work) => console.Progress()
            .AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx => { context = ctx; work(); });

        protected override void OnBeginEpoch(int epoch, int epochs, int steps) =>
            task = context!.AddTask(Markup.Escape($"epoch {epoch}/{epochs}"), maxValue: Math.Max(1, steps));

        protected override void OnStep(int step, int steps, string text)
        {
            task!.Value = step;
            task.Description = Markup.Escape(text);
        }

        protected override void OnEndEpoch(string text)
        {
            task!.Value = task.MaxValue;
            task.Description = Markup.Escape(text);
            task.StopTask();
        }
    }

    sealed class Lines(IAnsiConsole console) : TrainingProgress
    {
        int every = 1;

        public override void Run(Action work) => work();

        protected override void OnBeginEpoch(int epoch, int epochs, int steps) => every = Math.Max(1, steps / 10);

        protected override void OnStep(int step, int steps, string text)
        {
            if (step % every == 0 || step == steps) console.WriteLine(text);
        }

        protected override void OnEndEpoch(string text) => console.WriteLine(text);
    }
}
