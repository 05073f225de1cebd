using Workbench.Checkpoints;
using Workbench.NN;

namespace Workbench.Cli.Training;

/// <summary>A checkpoint opened for sampling or scoring: the rebuilt model in eval mode, its fields and, when
/// `workbench train` wrote it, the run's settings.</summary>
public sealed record CheckpointModel(string Path, Module Model, CheckpointInfo Info, ModelFields Fields, TrainingState? Training)
{
    /// <summary>Opens <paramref name="path"/> and refuses a model family <paramref name="command"/> cannot use, by name.</summary>
    public static CheckpointModel Open(string path, string command, params ModelFamily[] families)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new CommandError($"no checkpoint at '{full}'.");
        var (model, info) = Checkpoint.LoadModel(full);
        if (!families.Contains(info.Family))
            throw new CommandError($"checkpoint '{full}' holds a {info.Family.Name} model; `workbench {command}` uses {string.Join(" or ", families.Select(f => f.Name))} checkpoints.");
        model.Eval();
        var training = info.Metadata.ContainsKey(TrainingState.Key) ? TrainingState.Read(info.Metadata, full) : null;
        return new CheckpointModel(full, model, info, info.RequireFields(), training);
    }

    /// <summary>The token a language model's examples start and end with in training: a line end in a document
    /// read verbatim (character or BPE level), otherwise &lt;eos&gt; (one example per line, or words). Sampling starts
    /// after it and scoring puts a text between two of them, as the model saw text.</summary>
    public int Boundary => Workbench.Data.LanguageModelDataset.BoundaryOf(Fields.Source);

    /// <summary>The data the model was trained on, loaded again from the stored settings (for scoring a split),
    /// refused if the file changed since.</summary>
    public RunData TrainingData()
    {
        var settings = Training?.Settings ?? throw new CommandError($"checkpoint '{Path}' was not written by `workbench train`, so it does not say how to load its data; score text instead.");
        var provenance = RunData.Describe(settings);
        if (Info.Data is { } trained && trained.File?.Sha256 != provenance.File?.Sha256)
            throw new CommandError($"the data file changed since checkpoint '{Path}' was trained: it was {trained}, it is now {provenance}.");
        var data = RunData.Load(settings, provenance);
        if (data.Fields.Source.Vocab.Fingerprint != Fields.Source.Vocab.Fingerprint)
            throw new CommandError($"the data of checkpoint '{Path}' now gives another vocabulary than the one it was trained with.");
        return data;
    }
}
