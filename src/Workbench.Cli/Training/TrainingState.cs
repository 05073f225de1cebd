using System.Text.Json;
using Workbench.Training;

namespace Workbench.Cli.Training;

/// <summary>Where a run stands, stored in each checkpoint it writes (metadata "training"): the completed settings,
/// the epochs and optimizer steps done, and the record of every epoch (train and validation loss, time).</summary>
public sealed record TrainingState(TrainSettings Settings, int Epoch, long Step, IReadOnlyList<EpochRecord> History)
{
    public const string Key = "training";

    public string ToJson() => JsonSerializer.Serialize(new { settings = JsonSerializer.SerializeToNode(Settings, TrainSettings.Json), epoch = Epoch, step = Step, history = History });

    public static TrainingState Read(IReadOnlyDictionary<string, string> metadata, string checkpoint)
    {
        if (!metadata.TryGetValue(Key, out var json))
            throw new CommandError($"checkpoint '{checkpoint}' was not written by `workbench train` (it has no \"{Key}\" entry), so there is no run to resume.");
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new TrainingState(TrainSettings.FromStored(root.GetProperty("settings").GetRawText(), checkpoint), root.GetProperty("epoch").GetInt32(),
                root.GetProperty("step").GetInt64(), root.GetProperty("history").Deserialize<List<EpochRecord>>() ?? []);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandError($"checkpoint '{checkpoint}': its \"{Key}\" entry cannot be read ({e.Message}).");
        }
    }
}
