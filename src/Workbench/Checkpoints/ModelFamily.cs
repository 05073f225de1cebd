using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workbench.Heads;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Checkpoints;

/// <summary>
/// A kind of model a checkpoint can rebuild: its name in the file, its module type and its configuration record.
/// The record is written with System.Text.Json as it is (every property, enums by name), so a field added to a
/// config record is stored without any code here; reading refuses a property the record does not have, so a
/// checkpoint from a different version of a record fails with the property's name instead of building the
/// wrong model.
/// </summary>
public sealed class ModelFamily
{
    /// <summary>Version of the "model" metadata entry: {"family", "version", "config"}.</summary>
    public const int Version = 1;

    public static readonly ModelFamily LanguageModel =
        Create<RecurrentLanguageModel, LanguageModelConfig>("language-model", m => m.Config, (c, g) => new RecurrentLanguageModel(c, g),
            (m, f) => Sizes(("vocabulary", m.Config.VocabSize, f.Source.Vocab.Count)));
    public static readonly ModelFamily Seq2Seq =
        Create<Seq2SeqModel, Seq2SeqConfig>("seq2seq", m => m.Config, (c, g) => new Seq2SeqModel(c, g),
            (m, f) => Sizes(("source vocabulary", m.Config.SourceVocabSize, f.Source.Vocab.Count), ("target vocabulary", m.Config.TargetVocabSize, f.Target?.Vocab.Count)));
    public static readonly ModelFamily Tagger =
        Create<SequenceTagger, SequenceTaggerConfig>("tagger", m => m.Config, (c, g) => new SequenceTagger(c, g),
            (m, f) => Sizes(("vocabulary", m.Encoder.Embedding.NumEmbeddings, f.Source.Vocab.Count), ("tag set", m.NumTags, f.Target?.Vocab.Count)));
    public static readonly ModelFamily Classifier =
        Create<SequenceClassifier, SequenceClassifierConfig>("classifier", m => m.Config, (c, g) => new SequenceClassifier(c, g),
            (m, f) => Sizes(("vocabulary", m.Encoder.Embedding.NumEmbeddings, f.Source.Vocab.Count), ("label set", m.NumClasses, f.Labels?.Count)));

    public static IReadOnlyList<ModelFamily> All { get; } = [LanguageModel, Seq2Seq, Tagger, Classifier];

    /// <summary>The family of a built model, or null for a module that is none of them (weights-only checkpoints).</summary>
    public static ModelFamily? Of(Module model) => All.FirstOrDefault(f => f.ModelType == model.GetType());

    /// <summary>The family stored under <paramref name="name"/>; null when unknown.</summary>
    public static ModelFamily? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>"language-model", "seq2seq", "tagger" or "classifier".</summary>
    public string Name { get; }
    public Type ModelType { get; }
    public Type ConfigType { get; }
    readonly Func<Module, object> configOf;
    readonly Func<object, Generator?, Module> build;
    readonly Func<Module, ModelFields, string?> checkFields;

    ModelFamily(string name, Type modelType, Type configType, Func<Module, object> configOf, Func<object, Generator?, Module> build,
        Func<Module, ModelFields, string?> checkFields) =>
        (Name, ModelType, ConfigType, this.configOf, this.build, this.checkFields) = (name, modelType, configType, configOf, build, checkFields);

    static ModelFamily Create<TModel, TConfig>(string name, Func<TModel, TConfig> configOf, Func<TConfig, Generator?, TModel> build,
        Func<TModel, ModelFields, string?> checkFields) where TModel : Module where TConfig : notnull =>
        new(name, typeof(TModel), typeof(TConfig), m => configOf((TModel)m), (c, g) => build((TConfig)c, g), (m, f) => checkFields((TModel)m, f));

    static string? Sizes(params (string What, int Model, int? Field)[] sizes) =>
        sizes.Where(s => s.Field is int f && f != s.Model).Select(s => $"the model's {s.What} has {s.Model} entries but the field's has {s.Field}")
             .FirstOrDefault();

    public object ConfigOf(Module model) => configOf(model);

    /// <summary>A new model of this family from its config (parameters drawn from <paramref name="generator"/>).</summary>
    public Module Build(object config, Generator? generator = null) => build(config, generator);

    /// <summary>Null when the fields fit the model (vocabulary sizes, tag and label counts); otherwise the mismatch.</summary>
    public string? Mismatch(Module model, ModelFields fields) => checkFields(model, fields);

    static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The "model" metadata entry: family, version and the whole config record.</summary>
    public string Describe(Module model) => new JsonObject
    {
        ["family"] = Name,
        ["version"] = Version,
        ["config"] = JsonSerializer.SerializeToNode(ConfigOf(model), ConfigType, Json),
    }.ToJsonString();

    /// <summary>Reads a "model" entry written by <see cref="Describe"/>; every problem names <paramref name="path"/>.</summary>
    public static (ModelFamily Family, object Config) Read(string json, string path)
    {
        CheckpointFormatException Bad(string why) => new($"checkpoint '{path}': {why}");
        JsonObject entry;
        try { entry = JsonNode.Parse(json) as JsonObject ?? throw Bad("the \"model\" entry is not a JSON object."); }
        catch (JsonException e) { throw Bad($"the \"model\" entry is not valid JSON ({e.Message})."); }
        string? name = entry["family"] is JsonValue fv && fv.TryGetValue<string>(out var n) ? n : null;
        var family = (name is null ? null : Named(name))
            ?? throw Bad($"unknown model family \"{name}\"; this library rebuilds {string.Join(", ", All.Select(f => f.Name))}.");
        int? version = entry["version"] is JsonValue vv && vv.TryGetValue<int>(out var v) ? v : null;
        if (version != Version) throw Bad($"\"model\" entry version {version?.ToString() ?? "(missing)"}; this library reads version {Version}.");
        if (entry["config"] is not JsonObject config) throw Bad($"the {family.Name} model has no \"config\" object.");
        try
        {
            return (family, config.Deserialize(family.ConfigType, Json) ?? throw Bad($"the {family.Name} config is null."));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw Bad($"the {family.Name} config {config.ToJsonString()} does not fit this library's {family.ConfigType.Name}: {e.Message}");
        }
    }

    public override string ToString() => Name;
}
