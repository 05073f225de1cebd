using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;

namespace Workbench.Cli.Training;

/// <summary>
/// Everything <c>workbench train</c> needs, as a config file (JSON, these property names in camelCase) or options
/// (the same names in kebab-case: batchSize is --batch-size) give it. A null leaves the choice to the library's
/// defaults for the model family (<see cref="LanguageModelConfig"/>, <see cref="Seq2SeqConfig"/> and the training
/// option records); <see cref="Complete"/> fills them in, and the completed settings are stored in the checkpoint
/// so a resumed run, a sample or a score sees exactly what was trained.
/// </summary>
public sealed record TrainSettings
{
    // What to train, on what.
    public string Model { get; init; } = "lm";
    public string? Dataset { get; init; }
    public string? Data { get; init; }
    // How to read a --data file.
    public bool Lines { get; init; }
    public string Level { get; init; } = "char";
    public string? TargetLevel { get; init; }
    public int MinFrequency { get; init; } = 1;
    public int? MaxVocab { get; init; }
    public int BpeMerges { get; init; } = 1000;
    public bool Header { get; init; }
    public int SourceColumn { get; init; }
    public int TargetColumn { get; init; } = 1;
    // The model.
    public string Cell { get; init; } = "lstm";
    public int? Embedding { get; init; }
    public int? Hidden { get; init; }
    public int? Layers { get; init; }
    public float? Dropout { get; init; }
    public bool Bidirectional { get; init; }
    public string Attention { get; init; } = "none";
    // Training.
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public int? Bptt { get; init; }
    public float? Lr { get; init; }
    /// <summary>Gradient-norm clip; 0 turns clipping off.</summary>
    public float? Clip { get; init; }
    public int? MaxBatches { get; init; }
    public long Seed { get; init; }
    public string? Output { get; init; }

    /// <summary>Where each explicitly given setting came from ("--cell", "config file c.json"), by JSON name.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, string> Origins { get; init; } = new Dictionary<string, string>();

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The settings' JSON names, in declaration order.</summary>
    public static IReadOnlyList<string> Keys { get; } = typeof(TrainSettings).GetProperties()
        .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

    /// <summary>Settings that decide the vocabulary, and settings that decide the model's shape: changing one on
    /// --resume is refused with this reason.</summary>
    static readonly Dictionary<string, string> Why = new()
    {
        ["lines"] = "the vocabulary and the data would differ", ["level"] = "the vocabulary would differ", ["targetLevel"] = "the vocabulary would differ",
        ["minFrequency"] = "the vocabulary would differ", ["maxVocab"] = "the vocabulary would differ", ["bpeMerges"] = "the vocabulary would differ",
        ["header"] = "the data would differ", ["sourceColumn"] = "the data would differ", ["targetColumn"] = "the data would differ",
        ["model"] = "it is another model family", ["cell"] = "the model's shape would differ", ["embedding"] = "the model's shape would differ",
        ["hidden"] = "the model's shape would differ", ["layers"] = "the model's shape would differ", ["bidirectional"] = "the model's shape would differ",
        ["attention"] = "the model's shape would differ",
    };

    /// <summary>Settings a resumed run may change: how many epochs in total, and where the checkpoint goes.</summary>
    static readonly HashSet<string> FreeOnResume = ["epochs", "output", "dataset", "data"];

    public string Origin(string key) => Origins.TryGetValue(key, out var o) ? o : "default";
    public bool Given(string key) => Origins.ContainsKey(key);

    /// <summary>Reads settings from JSON (a config file's content, or explicit options collected as JSON); every
    /// problem names <paramref name="source"/> and the setting.</summary>
    public static TrainSettings FromJson(JsonObject json, string source, IReadOnlyDictionary<string, string> origins)
    {
        foreach (var (key, _) in json)
            if (!Keys.Contains(key))
                throw new CommandError($"{source}: unknown setting '{key}'; known settings: {string.Join(", ", Keys)}.");
        try
        {
            return (json.Deserialize<TrainSettings>(Json) ?? throw new CommandError($"{source}: the settings are null.")) with { Origins = origins };
        }
        catch (JsonException e)
        {
            string key = e.Path?.TrimStart('$', '.') ?? "?";
            throw new CommandError($"{source}: setting '{key}' has the wrong type ({json[key]?.ToJsonString() ?? "null"}): {e.Message.Split(". Path:")[0]}.");
        }
    }

    /// <summary>Reads a config file: a JSON object of settings. "data" and "output" are relative to the file's folder.</summary>
    public static JsonObject ReadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new CommandError($"config file not found: {full}");
        JsonObject obj;
        try { obj = JsonNode.Parse(File.ReadAllText(full), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new CommandError($"config file {full}: expected a JSON object of settings, e.g. {{\"dataset\": \"moby-dick-chars\", \"epochs\": 2}}."); }
        catch (JsonException e) { throw new CommandError($"config file {full}: not valid JSON ({e.Message})."); }
        foreach (var key in new[] { "data", "output" })
            if (obj[key] is JsonValue v && v.TryGetValue<string>(out var p))
                obj[key] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, p));
        return obj;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainSettings FromStored(string json, string checkpoint)
    {
        try { return JsonSerializer.Deserialize<TrainSettings>(json, Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new CommandError($"checkpoint '{checkpoint}': its training settings cannot be read ({e.Message})."); }
    }

    public bool IsLanguageModel => Model == Checkpoints.ModelFamily.LanguageModel.Name;
    public CellKind CellKind => SettingNames.Parse(SettingNames.Cells, Cell, "cell kind", Origin("cell"));
    public AttentionKind AttentionKind => SettingNames.Parse(SettingNames.Attentions, Attention, "attention kind", Origin("attention"));
    public Data.TokenLevel TokenLevel => SettingNames.Parse(SettingNames.Levels, Level, "token level", Origin("level"));
    public Data.TokenLevel TargetTokenLevel => SettingNames.Parse(SettingNames.Levels, TargetLevel ?? Level, "token level", Origin(TargetLevel is null ? "level" : "targetLevel"));

    /// <summary>Names in their stored spelling and every null a family default: the settings a checkpoint records.
    /// Refuses names it does not know and settings that do not apply, saying where they came from.</summary>
    public TrainSettings Complete()
    {
        var model = SettingNames.Parse(SettingNames.Models, Model, "model", Origin("model"));
        var s = this with
        {
            Model = model,
            Cell = SettingNames.NameOf(SettingNames.Cells, CellKind),
            Attention = SettingNames.NameOf(SettingNames.Attentions, AttentionKind),
            Level = SettingNames.NameOf(SettingNames.Levels, TokenLevel),
            TargetLevel = TargetLevel is null ? null : SettingNames.NameOf(SettingNames.Levels, TargetTokenLevel),
        };
        if ((s.Dataset is null) == (s.Data is null))
            throw new CommandError(s.Dataset is null
                ? "say what to train on: --dataset NAME (a shipped dataset) or --data PATH (your own text or pairs file)."
                : $"--dataset ({Origin("dataset")}) and --data ({Origin("data")}) both given; use one.");
        if (s.Dataset is not null)
            foreach (var key in new[] { "lines", "level", "targetLevel", "minFrequency", "maxVocab", "bpeMerges", "header", "sourceColumn", "targetColumn" })
                if (Given(key)) throw new CommandError($"setting '{key}' ({Origin(key)}) applies to --data files; the shipped dataset '{s.Dataset}' comes with its own tokenization.");
        if (s.IsLanguageModel)
        {
            foreach (var key in new[] { "bidirectional", "attention", "targetLevel", "header", "sourceColumn", "targetColumn" })
                if (Given(key)) throw new CommandError($"setting '{key}' ({Origin(key)}) applies to seq2seq models; a language model reads one text left to right.");
            var c = new LanguageModelConfig(s.CellKind, 2);
            var o = new LanguageModelTrainingOptions();
            s = s with
            {
                Embedding = s.Embedding ?? c.EmbeddingDim, Hidden = s.Hidden ?? c.HiddenSize, Layers = s.Layers ?? c.NumLayers, Dropout = s.Dropout ?? c.Dropout,
                Epochs = s.Epochs ?? o.Epochs, BatchSize = s.BatchSize ?? o.BatchSize, Bptt = s.Bptt ?? o.Bptt, Lr = s.Lr ?? o.LearningRate, Clip = s.Clip ?? o.ClipNorm ?? 0,
            };
        }
        else
        {
            foreach (var key in new[] { "bptt", "lines" })
                if (Given(key)) throw new CommandError($"setting '{key}' ({Origin(key)}) applies to language models; a seq2seq model reads pairs.");
            var c = new Seq2SeqConfig(s.CellKind, 4, 4);
            var o = new Seq2SeqTrainingOptions();
            s = s with
            {
                Embedding = s.Embedding ?? c.EmbeddingDim, Hidden = s.Hidden ?? c.HiddenSize, Layers = s.Layers ?? c.NumLayers, Dropout = s.Dropout ?? c.Dropout,
                Epochs = s.Epochs ?? o.Epochs, BatchSize = s.BatchSize ?? o.BatchSize, Lr = s.Lr ?? o.LearningRate, Clip = s.Clip ?? o.ClipNorm ?? 0,
                TargetLevel = s.TargetLevel ?? s.Level,
            };
        }
        foreach (var (key, value) in new[] { ("embedding", s.Embedding), ("hidden", s.Hidden), ("layers", s.Layers), ("epochs", s.Epochs), ("batchSize", s.BatchSize),
                                             ("bptt", s.Bptt ?? 1), ("maxBatches", s.MaxBatches ?? 1), ("minFrequency", s.MinFrequency), ("bpeMerges", s.BpeMerges + 1) })
            if (value < 1) throw new CommandError($"setting '{key}' ({Origin(key)}) must be at least {(key == "bpeMerges" ? 0 : 1)}, not {(key == "bpeMerges" ? value - 1 : value)}.");
        if (s.Dropout is < 0f or >= 1f) throw new CommandError($"setting 'dropout' ({Origin("dropout")}) must be in [0, 1), not {s.Dropout}.");
        if (!(s.Lr > 0f)) throw new CommandError($"setting 'lr' ({Origin("lr")}) must be positive, not {s.Lr}.");
        if (s.Clip < 0f) throw new CommandError($"setting 'clip' ({Origin("clip")}) must be >= 0 (0: no clipping), not {s.Clip}.");
        return s;
    }

    /// <summary>
    /// The settings of a resumed run: the checkpoint's, with this run's explicit settings on top. A setting that
    /// changes the data, the vocabulary or the model is refused, naming the checkpoint, the setting, both values and
    /// where the new one came from; the number of epochs and the output may change.
    /// </summary>
    public TrainSettings ResumeFrom(TrainSettings stored, string checkpoint)
    {
        var merged = JsonSerializer.SerializeToNode(stored, Json)!.AsObject();
        var mine = JsonSerializer.SerializeToNode(this, Json)!.AsObject();
        foreach (var key in Origins.Keys.Where(k => !FreeOnResume.Contains(k)))
        {
            merged[key] = mine[key]?.DeepClone();
            var candidate = FromJson(merged, checkpoint, Origins).Complete();
            var property = typeof(TrainSettings).GetProperties().First(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == key);
            object? was = property.GetValue(stored), now = property.GetValue(candidate);
            if (!Equals(was, now))
                throw new CommandError($"checkpoint '{checkpoint}' was trained with {key} = {Show(was)}, but {Origin(key)} asks for {Show(now)}" +
                    $"{(Why.TryGetValue(key, out var why) ? $"; {why}" : "")}. Resume with the same setting, or train a new checkpoint (another --output, or --force).");
        }
        return (stored with
        {
            Epochs = Epochs ?? stored.Epochs, Output = Output ?? stored.Output,
            Dataset = Given("dataset") ? Dataset : Given("data") ? null : stored.Dataset,
            Data = Given("data") ? Data : Given("dataset") ? null : stored.Data,
            Origins = Origins,
        });
    }

    static string Show(object? v) => v switch { null => "(not set)", string s => $"'{s}'", bool b => b ? "true" : "false", _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)! };
}
