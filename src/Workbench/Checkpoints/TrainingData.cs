using System.Text.Json;
using Workbench.Data;

namespace Workbench.Checkpoints;

/// <summary>What a model was trained on, stored in its checkpoint under "dataset": a shipped dataset's name, or a
/// user's file with its size and SHA-256.</summary>
public sealed record TrainingData(string Dataset, DataFile? File = null)
{
    public const string Key = "dataset";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static TrainingData? FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(Key, out var json)) return null;
        try { return JsonSerializer.Deserialize<TrainingData>(json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new CheckpointFormatException($"checkpoint '{path}': the \"{Key}\" entry {json} cannot be read ({e.Message})."); }
    }

    public override string ToString() => File?.ToString() ?? $"the dataset '{Dataset}'";
}
