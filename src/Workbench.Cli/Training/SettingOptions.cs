using System.CommandLine;
using System.Text.Json.Nodes;

namespace Workbench.Cli.Training;

/// <summary>The command-line options of <c>workbench train</c>, one per <see cref="TrainSettings"/> property (the JSON
/// name in kebab-case), and the settings a parse gives: those of the config file, with every option the user
/// actually typed on top.</summary>
public sealed class SettingOptions
{
    readonly List<(Option Option, string Key, Func<ParseResult, JsonNode?> Read)> options = [];

    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = "A JSON file of settings, e.g. {\"model\": \"lm\", \"dataset\": \"moby-dick-chars\", \"epochs\": 2}: the names below in camelCase " +
                      "(batchSize for --batch-size). Paths in it are relative to its folder; options on the command line override it",
    };

    public SettingOptions()
    {
        Add<string>("model", "lm (a language model, the default) or seq2seq (an encoder-decoder)", "-m");
        Add<string>("dataset", $"A shipped dataset: {string.Join(", ", RunData.TextDatasets)} for lm; {string.Join(", ", RunData.PairDatasets)} for seq2seq", "-d");
        Add<string>("data", "Your own UTF-8 file instead of --dataset: text for lm, TSV or CSV pairs (source, target) for seq2seq");
        Add<bool>("lines", "lm on --data: one example per line, each ending with <eos> (default: one running document)");
        Add<string>("level", "Tokens of a --data file: char (default), word or bpe");
        Add<string>("targetLevel", "seq2seq on --data: the target side's level (default: as --level)");
        Add<int>("minFrequency", "--data: keep tokens seen at least this often in training, others become <unk> (default 1)");
        Add<int>("maxVocab", "--data: at most this many vocabulary entries, specials included");
        Add<int>("bpeMerges", "--data at bpe level: merges to learn (default 1000)");
        Add<bool>("header", "seq2seq on --data: the first record names the columns");
        Add<int>("sourceColumn", "seq2seq on --data: column of the source, from 0 (default 0)");
        Add<int>("targetColumn", "seq2seq on --data: column of the target (default 1)");
        Add<string>("cell", "lstm (default), gru, rnn (tanh) or rnn-relu");
        Add<int>("embedding", "Embedding size (default: 64 for lm, 32 for seq2seq)");
        Add<int>("hidden", "Hidden size (default: 256 for lm, 64 for seq2seq)");
        Add<int>("layers", "Stacked recurrent layers (default 1)");
        Add<float>("dropout", "Dropout between layers and on embeddings, in [0, 1) (default 0)");
        Add<bool>("bidirectional", "seq2seq: read the source in both directions");
        Add<string>("attention", "seq2seq: none (default), additive (Bahdanau), dot or general (Luong)");
        Add<int>("epochs", "Epochs in total; with --resume, train until this many are done (default: 5 for lm, 10 for seq2seq)", "-e");
        Add<int>("batchSize", "Rows per batch (default: 32 for lm, 64 for seq2seq)");
        Add<int>("bptt", "lm: tokens per window of truncated backpropagation through time (default 35)");
        Add<float>("lr", "Adam's learning rate (default: 0.002 for lm, 0.003 for seq2seq)");
        Add<float>("clip", "Clip the gradient norm to this; 0 turns clipping off (default: 5 for lm, 1 for seq2seq)");
        Add<int>("maxBatches", "Cut every epoch to this many batches (a small budget)");
        Add<long>("seed", "Seed of the data split, the initial weights, dropout and shuffling (default 0)");
        Add<string>("output", "The checkpoint (.safetensors) to write after every epoch (default: checkpoints/<data>-<model>.safetensors)", "-o");
    }

    void Add<T>(string key, string description, string? alias = null)
    {
        string name = "--" + string.Concat(key.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));
        var option = alias is null ? new Option<T>(name) : new Option<T>(name, alias);
        option.Description = description;
        options.Add((option, key, parse => parse.GetResult(option) is { Implicit: false } ? JsonValue.Create(parse.GetValue(option)) : null));
    }

    public IEnumerable<Option> All => options.Select(o => o.Option).Prepend(Config);

    /// <summary>The settings this parse gives: the config file's (when --config is given), with the typed options on top;
    /// each setting knows where it came from.</summary>
    public TrainSettings Read(ParseResult parse)
    {
        var json = new JsonObject();
        var origins = new Dictionary<string, string>();
        string source = "the command line";
        if (parse.GetValue(Config) is string config)
        {
            json = TrainSettings.ReadFile(config);
            source = $"config file {Path.GetFullPath(config)}";
            foreach (var (key, _) in json) origins[key] = source;
        }
        foreach (var (option, key, read) in options)
        {
            if (read(parse) is not { } value) continue;
            if (key is "data" or "output") value = Path.GetFullPath(value.GetValue<string>());
            json[key] = value;
            origins[key] = option.Name;
        }
        return TrainSettings.FromJson(json, source, origins);
    }
}
