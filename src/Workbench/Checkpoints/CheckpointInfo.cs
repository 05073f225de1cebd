using Workbench.Data;

namespace Workbench.Checkpoints;

/// <summary>
/// What <see cref="Checkpoint.LoadModel"/> found besides the weights: the model family and its config record, the
/// text fields, the data the model was trained on (when recorded) and every metadata entry.
/// </summary>
public sealed record CheckpointInfo(string Path, ModelFamily Family, object Config, ModelFields? Fields, TrainingData? Data,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The fields, or a clear error when the checkpoint was saved without them.</summary>
    public ModelFields RequireFields() => Fields ?? throw new CheckpointFormatException(
        $"checkpoint '{Path}' holds a {Family.Name} model but no tokenizer or vocabulary; save it with its dataset: Checkpoint.Save(path, model, data).");
}
