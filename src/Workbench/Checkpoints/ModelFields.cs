using System.Text.Json;
using Workbench.Data;

namespace Workbench.Checkpoints;

/// <summary>
/// The text side of a model, saved with it so a checkpoint turns text into ids and back on its own: the source
/// field (a language model's only one), the target field (seq2seq outputs, tagger tags) and the class labels of a
/// classifier. A dataset converts to it: <c>Checkpoint.Save(path, model, data)</c>.
/// </summary>
public sealed record ModelFields(TextField Source, TextField? Target = null, IReadOnlyList<string>? Labels = null)
{
    public const string TargetPrefix = "target/", LabelsKey = "labels";

    public static implicit operator ModelFields(LanguageModelDataset data) => new(data.Field);
    public static implicit operator ModelFields(SequenceDataset data) => new(data.Source, data.Target, data.Labels);

    /// <summary>Metadata entries: the source field without prefix (as <see cref="TextField.ToMetadata"/> writes it),
    /// the target field under "target/", the labels as a JSON array under "labels".</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var meta = Source.ToMetadata();
        if (Target is not null) foreach (var (k, v) in Target.ToMetadata(TargetPrefix)) meta[k] = v;
        if (Labels is not null) meta[LabelsKey] = JsonSerializer.Serialize(Labels);
        return meta;
    }

    /// <summary>The fields stored by <see cref="ToMetadata"/>; null when the checkpoint holds none.</summary>
    public static ModelFields? FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.ContainsKey("tokenizer")) return null;
        try
        {
            var source = TextField.FromMetadata(metadata);
            var target = metadata.ContainsKey(TargetPrefix + "tokenizer") ? TextField.FromMetadata(metadata, TargetPrefix) : null;
            var labels = metadata.TryGetValue(LabelsKey, out var l)
                ? JsonSerializer.Deserialize<string[]>(l) ?? throw new InvalidDataException("labels are null.") : null;
            return new ModelFields(source, target, labels);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or JsonException or FormatException)
        {
            throw new CheckpointFormatException($"checkpoint '{path}': its tokenizer, vocabulary or labels cannot be read: {e.Message}");
        }
    }
}
