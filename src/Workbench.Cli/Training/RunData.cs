using Workbench.Checkpoints;
using Workbench.Data;

namespace Workbench.Cli.Training;

/// <summary>The data a run trains on, loaded from its settings: a shipped dataset by name, or a user's file
/// (<see cref="Datasets.FromText"/> for a language model, <see cref="Datasets.FromPairs"/> for seq2seq), with what
/// the checkpoint records about it.</summary>
public sealed class RunData
{
    public LanguageModelDataset? Text { get; private init; }
    public SequenceDataset? Pairs { get; private init; }
    public required TrainingData Provenance { get; init; }
    public ModelFields Fields => Text is not null ? Text : Pairs!;
    public Dataset Dataset => (Dataset?)Text ?? Pairs!;

    /// <summary>Shipped datasets for each family (for messages; <see cref="Datasets.Known"/> lists them all).</summary>
    public static readonly string[] TextDatasets = ["moby-dick", "moby-dick-chars", "moby-dick-bpe"],
        PairDatasets = ["dates", "numbers-en-de", "copy", "reverse", "cmudict", "bible-en-es"];

    /// <summary>What the settings name, without loading it: a shipped dataset's name, or the file's name, size and
    /// SHA-256 (read once, streamed). A resumed run compares this with its checkpoint's before loading anything.</summary>
    public static TrainingData Describe(TrainSettings s)
    {
        if (s.Data is string path)
        {
            var file = DataFile.Describe(path);
            return new TrainingData(file.Name, file);
        }
        string name = s.Dataset!;
        return new TrainingData(Datasets.Known.FirstOrDefault(k => k.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new CommandError($"unknown dataset '{name}' ({s.Origin("dataset")}); known datasets: {string.Join(", ", Datasets.Known)}; or train on your own file with --data PATH."));
    }

    public static RunData Load(TrainSettings s, TrainingData provenance)
    {
        if (s.Data is string path)
        {
            return s.IsLanguageModel
                ? new RunData { Provenance = provenance, Text = Datasets.FromText(path, s.TokenLevel, s.Lines ? TextUnit.Line : TextUnit.Document,
                    s.MinFrequency, s.MaxVocab, s.BpeMerges, s.Seed) }
                : new RunData { Provenance = provenance, Pairs = Datasets.FromPairs(path, s.TokenLevel, s.TargetTokenLevel, s.Header,
                    s.SourceColumn, s.TargetColumn, PairsFormat.Auto, s.MinFrequency, s.MaxVocab, s.BpeMerges, s.Seed) };
        }
        string name = provenance.Dataset;
        return (s.IsLanguageModel, Datasets.Load(name, s.Seed)) switch
        {
            (true, LanguageModelDataset lm) => new RunData { Provenance = provenance, Text = lm },
            (false, SequenceDataset { Target: not null } sd) => new RunData { Provenance = provenance, Pairs = sd },
            _ => throw new CommandError($"dataset '{name}' ({s.Origin("dataset")}) is not {(s.IsLanguageModel ? "a text corpus" : "a set of (source, target) pairs")}, " +
                $"so it cannot train a {s.Model} model; try {string.Join(", ", s.IsLanguageModel ? TextDatasets : PairDatasets)}, or --model {(s.IsLanguageModel ? "seq2seq" : "lm")}."),
        };
    }
}
