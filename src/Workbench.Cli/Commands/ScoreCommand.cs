using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Checkpoints;
using Workbench.Cli.Training;
using Workbench.Data;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Metrics;
using Workbench.Seq2Seq;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench score</c>: how well a checkpoint does on text or on a split of its data. Exit code 0, or 2
/// for bad input.</summary>
internal static class ScoreCommand
{
    const string Help =
        "Score with a trained checkpoint. For a language model: the log-probability, bits per token and perplexity of each TEXT " +
        "(or of each line of --file), with --tokens the surprisal of every token; without text, the perplexity of a split of the " +
        "data it was trained on. For a seq2seq model: exact match, token accuracy and BLEU of its outputs on a split (greedy, or --beam). " +
        "Splits are rebuilt from the settings stored in the checkpoint (a changed data file is refused).\n\n" +
        "Examples:\n" +
        "  workbench score checkpoints/moby.safetensors \"Call me Ishmael.\" \"Ishmael me call.\" --tokens\n" +
        "  workbench score checkpoints/moby.safetensors --split test\n" +
        "  workbench score checkpoints/haiku.safetensors --file my-lines.txt\n" +
        "  workbench score checkpoints/dates.safetensors --split test --limit 500 --beam 4";

    public static Command Create(IAnsiConsole console)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A .safetensors checkpoint written by `workbench train`" };
        var texts = new Argument<string[]>("text") { Description = "Language model: texts to score", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string>("--file", "-f") { Description = "Language model: score every non-blank line of this UTF-8 file" };
        var tokens = new Option<bool>("--tokens") { Description = "Language model: show each token's log-probability and surprisal" };
        var split = new Option<string>("--split") { Description = "valid or test (default test): score a split of the training data", DefaultValueFactory = _ => "test" };
        var limit = new Option<int>("--limit") { Description = "Seq2seq: score the first N pairs of the split only" };
        var beam = new Option<int>("--beam") { Description = "Seq2seq: decode with beam search of this width (default: greedy)" };
        var command = new Command("score", Help) { checkpoint, texts, file, tokens, split, limit, beam };
        command.SetAction(parse =>
        {
            try
            {
                var opened = CheckpointModel.Open(parse.GetValue(checkpoint)!, "score", ModelFamily.LanguageModel, ModelFamily.Seq2Seq);
                var lines = (parse.GetValue(texts) ?? []).ToList();
                if (parse.GetValue(file) is string f) lines.AddRange(TextFile.ReadLines(f).Select(l => l.Text).Where(t => t.Trim().Length > 0));
                string part = parse.GetValue(split)!;
                if (part is not ("valid" or "test")) throw new CommandError($"--split must be valid or test, not '{part}'.");
                if (opened.Model is RecurrentLanguageModel lm)
                {
                    if (lines.Count > 0) Texts(console, lm, opened, lines, parse.GetValue(tokens));
                    else LanguageModelSplit(console, lm, opened, part);
                }
                else
                {
                    if (lines.Count > 0) throw new CommandError($"checkpoint '{opened.Path}' holds a seq2seq model; score it on a split of its data (--split), not on text.");
                    Seq2SeqSplit(console, (Seq2SeqModel)opened.Model, opened, part, parse.Given(limit), parse.Given(beam));
                }
                return 0;
            }
            catch (Exception e) when (CommandErrors.IsInputError(e)) { return CommandErrors.Report(console, e); }
        });
        return command;
    }

    /// <summary>A token as a table cell: whitespace made visible.</summary>
    static string Shown(string token) => token switch { "\n" => "\\n", " " => "␣", "\t" => "\\t", _ => token };

    static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    static void Texts(IAnsiConsole console, RecurrentLanguageModel lm, CheckpointModel opened, List<string> texts, bool perToken)
    {
        var field = opened.Fields.Source;
        var v = field.Vocab;
        int boundary = opened.Boundary;
        var table = new Table().AddColumns("text", "tokens", "log P (nats)", "bits/token", "perplexity");
        foreach (var text in texts)
        {
            var score = SentenceScorer.Score(lm, field.Encode(text), boundary, boundary);
            table.AddRow(new Text(text), new Text(score.Tokens.Count.ToString(CultureInfo.InvariantCulture)), new Text(F(score.LogProb)),
                new Text(F(-score.LogProb / score.Tokens.Count / Math.Log(2))), new Text(F(score.Perplexity)));
            if (!perToken) continue;
            var detail = new Table().AddColumns("token", "log P", "surprisal (bits)");
            foreach (var t in score.Tokens)
                detail.AddRow(new Text(Shown(v.TokenOf(t.Id))), new Text(F(t.LogProb)), new Text(F(t.SurprisalBits, "F2")));
            console.WriteLine(text);
            console.Write(detail);
        }
        console.Write(table);
    }

    static void LanguageModelSplit(IAnsiConsole console, RecurrentLanguageModel lm, CheckpointModel opened, string split)
    {
        var data = opened.TrainingData();
        var s = opened.Training!.Settings;
        var stream = data.Text!.Stream(split, Math.Max(1, Math.Min(s.BatchSize ?? 32, (split == "test" ? data.Text.Test : data.Text.Valid).Length / ((s.Bptt ?? 35) + 1))), s.Bptt ?? 35);
        double nll = SentenceScorer.MeanNll(lm, stream.Windows());
        console.WriteLine($"{data.Dataset.Name} {split}: {stream.BatchSize * (long)(stream.ColumnCount - 1):N0} tokens, {F(nll, "F4")} nats/token, " +
            $"{F(nll / Math.Log(2), "F4")} bits/token, perplexity {F(LanguageModelMetrics.Perplexity(nll), "F2")}");
    }

    static void Seq2SeqSplit(IAnsiConsole console, Seq2SeqModel model, CheckpointModel opened, string split, int? limit, int? beam)
    {
        var data = opened.TrainingData();
        var examples = split == "test" ? data.Pairs!.Test : data.Pairs!.Valid;
        var pairs = Seq2SeqTraining.Pairs(examples.Take(limit ?? examples.Count).ToList());
        Func<int[], Hypothesis>? decode = beam is int w ? src => model.Translate(src, new BeamOptions(w)).Best : null;
        var scores = Seq2SeqEvaluation.Evaluate(model, pairs, decode);
        console.WriteLine($"{data.Dataset.Name} {split}: {pairs.Count:N0} pairs, {(beam is int b ? $"beam {b}" : "greedy")}: exact match {F(scores.ExactMatch * 100, "F1")} %, " +
            $"token accuracy {F(scores.TokenAccuracy * 100, "F1")} %, BLEU {F(scores.Bleu, "F2")}");
        var target = opened.Fields.Target!;
        for (int i = 0; i < Math.Min(3, pairs.Count); i++)
            console.WriteLine($"  {examples[i].Text}\t-> {target.Decode(scores.Predictions[i])}\t(reference {examples[i].TargetText})");
    }
}
