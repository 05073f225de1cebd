using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Checkpoints;
using Workbench.Cli.Training;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench sample</c>: text from a language-model checkpoint, or outputs of a seq2seq checkpoint for
/// given inputs. Exit code 0, or 2 for bad input.</summary>
internal static class SampleCommand
{
    const string Help =
        "Generate with a trained checkpoint. A language model writes text (after --prompt, if given), drawing every token " +
        "from its distribution shaped by --temperature, --top-k and --top-p, or taking the most likely one with --greedy. " +
        "A seq2seq model turns each --input into an output: greedy by default, beam search with --beam, sampling with --temperature. " +
        "The same --seed gives the same samples.\n\n" +
        "Examples:\n" +
        "  workbench sample checkpoints/moby.safetensors --prompt \"Call me\" --count 3 --length 200 --temperature 0.8\n" +
        "  workbench sample checkpoints/haiku.safetensors --count 10 --top-p 0.9\n" +
        "  workbench sample checkpoints/dates.safetensors --input \"3rd of May 1988\" --input \"Tuesday, 4 July 1999\" --beam 5";

    public static Command Create(IAnsiConsole console)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A .safetensors checkpoint written by `workbench train` (or Checkpoint.Save with its fields)" };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Language model: text to continue (default: start a new example)" };
        var input = new Option<string[]>("--input", "-i") { Description = "Seq2seq: a source to decode (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var count = new Option<int>("--count", "-n") { Description = "Samples per prompt or input (default 1 for seq2seq, 3 for a language model)" };
        var length = new Option<int>("--length", "-l") { Description = "Most tokens to generate (default 200 for a language model, 50 for seq2seq)" };
        var temperature = new Option<double>("--temperature", "-t") { Description = "Sampling temperature: below 1 sharper, above 1 flatter (default 1)" };
        var topK = new Option<int>("--top-k") { Description = "Draw only among the k most likely tokens (0: all)" };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling: draw only among the most likely tokens that make up p of the probability (default 1)" };
        var greedy = new Option<bool>("--greedy") { Description = "Take the most likely token every step instead of drawing" };
        var beam = new Option<int>("--beam") { Description = "Seq2seq: beam search with this width (--count best outputs)" };
        var seed = new Option<long>("--seed", "-s") { Description = "Seed of the draws (default 0)" };
        var command = new Command("sample", Help) { checkpoint, prompt, input, count, length, temperature, topK, topP, greedy, beam, seed };
        command.SetAction(parse =>
        {
            try
            {
                var sampling = new SamplingOptions(parse.Given(temperature) ?? 1.0, parse.GetValue(topK), parse.Given(topP) ?? 1.0);
                sampling.Validate();
                var opened = CheckpointModel.Open(parse.GetValue(checkpoint)!, "sample", ModelFamily.LanguageModel, ModelFamily.Seq2Seq);
                var g = new Generator(parse.GetValue(seed));
                bool drawn = !parse.GetValue(greedy);
                if (opened.Model is RecurrentLanguageModel lm)
                {
                    if (parse.GetValue(input) is { Length: > 0 }) throw new CommandError($"checkpoint '{opened.Path}' holds a language model: it continues a --prompt; --input is for seq2seq models.");
                    Language(console, lm, opened, parse.GetValue(prompt) ?? "", parse.Given(count) ?? 3, parse.Given(length) ?? 200, drawn ? sampling : null, g);
                }
                else
                {
                    var inputs = parse.GetValue(input) ?? [];
                    if (inputs.Length == 0) throw new CommandError($"checkpoint '{opened.Path}' holds a seq2seq model: give it something to decode with --input TEXT.");
                    bool sample = parse.Given(temperature) is not null || parse.Given(topK) is not null || parse.Given(topP) is not null;
                    Translate(console, (Seq2SeqModel)opened.Model, opened, inputs, parse.Given(count) ?? 1, parse.Given(length) ?? 50, parse.Given(beam), sample && drawn ? sampling : null, g);
                }
                return 0;
            }
            catch (Exception e) when (CommandErrors.IsInputError(e)) { return CommandErrors.Report(console, e); }
        });
        return command;
    }

    static void Language(IAnsiConsole console, RecurrentLanguageModel lm, CheckpointModel opened, string prompt, int count, int length,
        SamplingOptions? sampling, Generator g)
    {
        var field = opened.Fields.Source;
        var v = field.Vocab;
        var ids = field.Encode(prompt);
        int[] context = [opened.Boundary, .. ids];
        var state = lm.InitialState();
        if (context.Length > 1)
            using (new Autograd.NoGrad()) state = lm.Forward(context[..^1], 1, context.Length - 1, state).State;
        var options = sampling is null ? null : sampling with { Banned = [v.PadId, v.UnkId, v.BosId] };
        for (int i = 0; i < count; i++)
        {
            var h = options is null
                ? Generate.Greedy(lm, state, context[^1], v.EosId, length)
                : Generate.Sample(lm, state, context[^1], v.EosId, length, options, g);
            console.WriteLine(prompt + field.Decode(h.Tokens));
            console.MarkupLineInterpolated($"[grey]({h.Tokens.Length} tokens, log P {h.LogProb.ToString("F2", CultureInfo.InvariantCulture)}{(h.Finished ? ", ended with <eos>" : "")})[/]");
            if (options is null) break;   // greedy decoding gives the same text every time
        }
    }

    static void Translate(IAnsiConsole console, Seq2SeqModel model, CheckpointModel opened, string[] inputs, int count, int length, int? beam,
        SamplingOptions? sampling, Generator g)
    {
        var (src, tgt) = (opened.Fields.Source, opened.Fields.Target ?? throw new CommandError($"checkpoint '{opened.Path}' has no target field."));
        var cfg = model.Config;
        foreach (var input in inputs)
        {
            var source = src.Encode(input);
            IReadOnlyList<Hypothesis> outputs = beam is int w
                ? model.Translate(source, new BeamOptions(w, length, NBest: Math.Min(count, w))).Hypotheses
                : sampling is null
                    ? [Generate.Greedy(model, model.Start(source), cfg.BosId, cfg.EosId, length)]
                    : Enumerable.Range(0, count).Select(_ => Generate.Sample(model, model.Start(source), cfg.BosId, cfg.EosId, length,
                        sampling with { Banned = [tgt.Vocab.PadId, tgt.Vocab.UnkId, tgt.Vocab.BosId] }, g)).ToList();
            foreach (var h in outputs)
                console.WriteLine($"{input}\t{tgt.Decode(h.Tokens)}\t(log P {h.LogProb.ToString("F3", CultureInfo.InvariantCulture)})");
        }
    }
}
