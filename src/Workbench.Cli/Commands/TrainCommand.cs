using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.Training;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench train</c>: trains a language model or a seq2seq model from options or a config file.
/// Exit code 0 when training finished, 1 when it diverged, 2 for bad input (nothing written).</summary>
internal static class TrainCommand
{
    const string Help =
        "Train a language model or a seq2seq model on a shipped dataset or on your own file, with a live progress bar " +
        "(step, loss, tokens/s, time left), validation after every epoch and a checkpoint written atomically after every epoch. " +
        "The checkpoint holds the model's configuration, tokenizer, vocabulary, optimizer state and the data's name, size and SHA-256, " +
        "so `workbench sample` and `workbench score` (and Checkpoint.LoadModel in a notebook) need nothing else.\n\n" +
        "Examples (from the repository root; `workbench` is `dotnet run --project src/Workbench.Cli -c Release --`):\n" +
        "  workbench train --dataset moby-dick-chars --epochs 2 --hidden 128 -o checkpoints/moby.safetensors\n" +
        "  workbench train --dataset moby-dick-chars --epochs 4 -o checkpoints/moby.safetensors --resume     two more epochs, bit-identical to 4 in one go\n" +
        "  workbench train --data datasets/examples/haiku.txt --lines --epochs 20 --hidden 64 -o checkpoints/haiku.safetensors\n" +
        "  workbench train --model seq2seq --dataset dates --attention additive --epochs 3 -o checkpoints/dates.safetensors\n" +
        "  workbench train --model seq2seq --data pairs.csv --header --level word -o checkpoints/pairs.safetensors\n" +
        "  workbench train --config run.json --epochs 3                                                    a config file, one setting overridden\n\n" +
        "A config file is a JSON object of the settings below in camelCase: {\"model\": \"lm\", \"dataset\": \"moby-dick-chars\", \"hidden\": 128, \"epochs\": 2}.\n" +
        "--resume continues the checkpoint at --output with the settings stored in it; it refuses another dataset, data file, vocabulary or " +
        "model shape (and leaves the checkpoint untouched). The loss turning NaN or infinite stops training with a message; the last " +
        "checkpoint stays as it was.";

    public static Command Create(IAnsiConsole console)
    {
        var settings = new SettingOptions();
        var resume = new Option<bool>("--resume", "-r") { Description = "Continue the checkpoint at --output (its settings apply; --epochs is the new total)" };
        var force = new Option<bool>("--force") { Description = "Start a new model even if --output exists (replaced when the first epoch ends)" };
        var command = new Command("train", Help);
        foreach (var o in settings.All) command.Add(o);
        command.Add(resume);
        command.Add(force);
        command.SetAction(parse => Run(console, settings, parse, parse.GetValue(resume), parse.GetValue(force)));
        return command;
    }

    static int Run(IAnsiConsole console, SettingOptions options, ParseResult parse, bool resume, bool force)
    {
        TrainingRun run;
        try
        {
            if (resume && force) throw new CommandError("--resume and --force contradict each other: continue the checkpoint, or replace it.");
            run = TrainingRun.Prepare(options.Read(parse), resume, force);
        }
        catch (Exception e) when (CommandErrors.IsInputError(e)) { return CommandErrors.Report(console, e); }

        foreach (var line in run.Summary) console.WriteLine(line);
        if (run.RemainingEpochs == 0)
        {
            console.MarkupLineInterpolated($"[yellow]nothing to do:[/] '{run.Checkpoint}' already holds {run.State.Epoch} epochs; pass a larger --epochs to train on.");
            return 0;
        }
        var progress = TrainingProgress.For(console);
        try { progress.Run(() => run.Train(progress)); }
        catch (TrainingFailed e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
        var last = run.State.History[^1];
        console.MarkupLineInterpolated($"[green]done:[/] {run.State.Epoch} epochs, {run.State.Step} steps; valid loss {last.ValidLoss:F4} (perplexity {last.ValidPerplexity:F2}); checkpoint {run.Checkpoint}");
        return 0;
    }
}
