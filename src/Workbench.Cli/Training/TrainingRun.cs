using System.Globalization;
using Workbench.Checkpoints;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Cli.Training;

/// <summary>Training that could not go on (the loss became NaN or infinite); the message says where and what the
/// checkpoint still holds. Exit code 1.</summary>
public sealed class TrainingFailed(string message) : Exception(message);

/// <summary>
/// One <c>workbench train</c> run: settings, data and model (fresh, or resumed from the checkpoint), then epoch
/// after epoch through the library's entry points (<see cref="LanguageModelTraining"/>, <see cref="Seq2SeqTraining"/>)
/// with one optimizer and one generator for the whole run, validation after each epoch and an atomic checkpoint
/// write after it. Every check on the input runs before the first write.
/// </summary>
/// <remarks>
/// Resuming is bit-identical because everything random is either in the checkpoint or a function of (seed, epoch):
/// the model's generator (initialisation, then dropout) and Adam's moments are saved after each epoch; a language
/// model's windows come in a fixed order and its carried state is reset every epoch; a seq2seq epoch shuffles its
/// pairs with a generator seeded by (seed, epoch). So N epochs in one go and k epochs, then N - k after --resume,
/// write the same bytes.
/// </remarks>
public sealed class TrainingRun
{
    public required TrainSettings Settings { get; init; }
    public required string Checkpoint { get; init; }
    public required RunData Data { get; init; }
    public required Module Model { get; init; }
    public required Adam Optimizer { get; init; }
    public required Generator Generator { get; init; }
    public required TrainingState State { get; set; }
    /// <summary>Lines worth showing before training starts (data, model, resume point).</summary>
    public List<string> Summary { get; } = [];

    /// <summary>Checks everything and prepares the run; writes nothing.</summary>
    public static TrainingRun Prepare(TrainSettings given, bool resume, bool force)
    {
        string? output = given.Output ?? DefaultOutput(given);
        if (output is null) throw new CommandError("--resume needs --output: the checkpoint to continue.");
        string path = Path.GetFullPath(output);
        return resume ? Resume(given, path) : Fresh(given, path, force);
    }

    static TrainingRun Fresh(TrainSettings given, string path, bool force)
    {
        var settings = given.Complete() with { Output = path };
        if (File.Exists(path) && !force)
            throw new CommandError($"checkpoint '{path}' exists: pass --resume to continue it, or --force to train a new model over it (the file is replaced when the first epoch ends).");
        var data = RunData.Load(settings, RunData.Describe(settings));
        var generator = new Generator(settings.Seed);
        Module model = settings.IsLanguageModel
            ? new RecurrentLanguageModel(new LanguageModelConfig(settings.CellKind, data.Text!.Field.Vocab.Count, settings.Embedding!.Value,
                settings.Hidden!.Value, settings.Layers!.Value, settings.Dropout!.Value), generator)
            : new Seq2SeqModel(Seq2SeqTraining.ConfigFor(data.Pairs!, settings.CellKind) with
            {
                EmbeddingDim = settings.Embedding!.Value, HiddenSize = settings.Hidden!.Value, NumLayers = settings.Layers!.Value,
                Dropout = settings.Dropout!.Value, Bidirectional = settings.Bidirectional, Attention = settings.AttentionKind,
            }, generator);
        var run = new TrainingRun
        {
            Settings = settings, Checkpoint = path, Data = data, Model = model, Generator = generator,
            Optimizer = new Adam(model.Parameters(), settings.Lr!.Value), State = new TrainingState(settings, 0, 0, []),
        };
        run.CheckBatches();
        run.Describe(null);
        return run;
    }

    static TrainingRun Resume(TrainSettings given, string path)
    {
        if (!File.Exists(path)) throw new CommandError($"nothing to resume: there is no checkpoint at '{path}'.");
        var generator = new Generator(0);   // its state comes from the checkpoint
        var (model, info) = Workbench.Checkpoints.Checkpoint.LoadModel(path, generator);
        if (info.Family != ModelFamily.LanguageModel && info.Family != ModelFamily.Seq2Seq)
            throw new CommandError($"checkpoint '{path}' holds a {info.Family.Name} model; `workbench train` trains and resumes language models and seq2seq models.");
        var state = TrainingState.Read(info.Metadata, path);
        var settings = given.ResumeFrom(state.Settings, path);
        if (settings.Model != info.Family.Name)
            throw new CommandError($"checkpoint '{path}' holds a {info.Family.Name} model, but its settings say {settings.Model}.");

        // Same data: a shipped dataset by name, a file by size and SHA-256, checked before anything is loaded.
        var provenance = RunData.Describe(settings);
        if (info.Data is { } trained && !SameData(trained, provenance))
            throw new CommandError($"checkpoint '{path}' was trained on {trained}, but this run's data is {provenance}: a different dataset. " +
                "Resume on the same data, or train a new checkpoint (another --output, or --force).");
        var data = RunData.Load(settings, provenance);
        var fields = info.RequireFields();
        foreach (var (what, mine, theirs) in new[] { ("source", data.Fields.Source, fields.Source), ("target", data.Fields.Target, fields.Target) })
            if (mine?.Vocab.Fingerprint != theirs?.Vocab.Fingerprint)
                throw new CommandError($"checkpoint '{path}' was trained with a {what} vocabulary of {theirs?.Vocab.Count} tokens (fingerprint {theirs?.Vocab.Fingerprint[..12]}), " +
                    $"but this run's data gives {mine?.Vocab.Count} tokens (fingerprint {mine?.Vocab.Fingerprint[..12]}); token ids would not mean the same tokens.");
        var optimizer = new Adam(model.Parameters(), settings.Lr!.Value);
        Workbench.Checkpoints.Checkpoint.Load(path, model, optimizer, generator);
        var run = new TrainingRun
        {
            Settings = settings with { Output = path }, Checkpoint = path, Data = data, Model = model,
            Generator = generator, Optimizer = optimizer, State = state with { Settings = settings with { Output = path } },
        };
        run.CheckBatches();
        run.Describe(state);
        return run;
    }

    static bool SameData(TrainingData a, TrainingData b) =>
        a.File is null && b.File is null ? string.Equals(a.Dataset, b.Dataset, StringComparison.OrdinalIgnoreCase)
        : a.File is not null && b.File is not null && a.File.Sha256 == b.File.Sha256 && a.File.Bytes == b.File.Bytes;

    static string? DefaultOutput(TrainSettings s)
    {
        string? stem = s.Dataset ?? (s.Data is null ? null : Path.GetFileNameWithoutExtension(s.Data));
        if (stem is null) return null;
        string model = s.Model is "seq2seq" ? "seq2seq" : "lm";
        return Path.Combine("checkpoints", $"{stem}-{model}.safetensors");
    }

    int StepsPerEpoch
    {
        get
        {
            int all = Settings.IsLanguageModel
                ? Data.Text!.Stream("train", Settings.BatchSize!.Value, Settings.Bptt!.Value).Count
                : (Data.Pairs!.Train.Count + Settings.BatchSize!.Value - 1) / Settings.BatchSize!.Value;
            return Math.Min(all, Settings.MaxBatches ?? int.MaxValue);
        }
    }

    /// <summary>A language model's splits must be long enough for the batch size (each row needs two tokens).</summary>
    void CheckBatches()
    {
        if (!Settings.IsLanguageModel) return;
        var d = Data.Text!;
        foreach (var (split, tokens) in new[] { ("training", d.Train.Length), ("validation", d.Valid.Length) })
        {
            int rows = split == "training" ? Settings.BatchSize!.Value : 1;
            if (tokens / rows < 2)
                throw new CommandError($"the {split} split of {d.Name} has {tokens:N0} tokens, too few for {rows} rows of at least 2 tokens" +
                    (split == "training" ? $"; lower --batch-size ({Settings.Origin("batchSize")}: {rows}) or use more text." : "; use more text."));
        }
    }

    void Describe(TrainingState? resumed)
    {
        Summary.Add($"data: {Data.Dataset.Description}{(Data.Provenance.File is { } f ? $" ({f.Bytes:N0} bytes, sha256 {f.Sha256[..12]}…)" : "")}");
        Summary.Add(Settings.IsLanguageModel
            ? $"      tokens: train {Data.Text!.Train.Length:N0}, valid {Data.Text.Valid.Length:N0}, test {Data.Text.Test.Length:N0}; vocabulary {Data.Text.Field.Vocab.Count:N0} ({Data.Text.Field.Tokenizer.Type})"
            : $"      pairs: {Data.Pairs!.Splits}; vocabularies {Data.Pairs.Source.Vocab.Count:N0} -> {Data.Pairs.Target!.Vocab.Count:N0}");
        Summary.Add($"model: {Settings.Model}, {ModelFamily.Of(Model)!.ConfigOf(Model)}, {Model.ParameterCount:N0} parameters");
        Summary.Add(string.Create(CultureInfo.InvariantCulture,
            $"training: {Settings.Epochs} epochs of {StepsPerEpoch} steps, batch {Settings.BatchSize}{(Settings.IsLanguageModel ? $" x {Settings.Bptt} tokens" : " pairs")}, Adam lr {Settings.Lr}, clip {(Settings.Clip > 0 ? Settings.Clip : "off")}, seed {Settings.Seed}"));
        Summary.Add(resumed is null ? $"checkpoint: {Checkpoint} (written after every epoch)"
            : $"resuming: {Checkpoint} after epoch {resumed.Epoch} (step {resumed.Step}), last valid loss {resumed.History.LastOrDefault()?.ValidLoss:F4}");
    }

    /// <summary>Epochs still to run.</summary>
    public int RemainingEpochs => Math.Max(0, Settings.Epochs!.Value - State.Epoch);

    /// <summary>Trains the remaining epochs, writing the checkpoint after each.</summary>
    public void Train(TrainingProgress progress)
    {
        int epochs = Settings.Epochs!.Value, steps = StepsPerEpoch;
        progress.Plan((long)RemainingEpochs * steps);
        float? clip = Settings.Clip > 0 ? Settings.Clip : null;
        var (trainPairs, validPairs) = Settings.IsLanguageModel ? ([], []) : (Seq2SeqTraining.Pairs(Data.Pairs!.Train), Seq2SeqTraining.Pairs(Data.Pairs.Valid));
        for (int epoch = State.Epoch + 1; epoch <= epochs; epoch++)
        {
            progress.BeginEpoch(epoch, epochs, steps);
            int step = 0, e = epoch;
            void OnStep(StepRecord r) => progress.Step(e, epochs, ++step, steps, r);
            TrainingHistory history;
            try
            {
                history = Model switch
                {
                    RecurrentLanguageModel lm => LanguageModelTraining.Train(lm, Data.Text!,
                        new LanguageModelTrainingOptions(Settings.BatchSize!.Value, Settings.Bptt!.Value, Epochs: 1, Settings.Lr!.Value, clip, MaxSteps: Settings.MaxBatches),
                        optimizer: Optimizer, onStep: OnStep),
                    Seq2SeqModel s2s => Seq2SeqTraining.Train(s2s, trainPairs, validPairs,
                        new Seq2SeqTrainingOptions(Epochs: 1, Settings.BatchSize!.Value, Settings.Lr!.Value, clip, MaxBatchesPerEpoch: Settings.MaxBatches),
                        EpochShuffle(epoch), optimizer: Optimizer, onStep: OnStep),
                    _ => throw new InvalidOperationException($"cannot train a {Model.GetType().Name}"),
                };
            }
            catch (TrainingDivergedException ex)
            {
                string why = ex.Message.Contains(": ") ? ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..] : ex.Message;
                throw new TrainingFailed($"training diverged in epoch {epoch}, at its step {step + 1} (step {State.Step + step + 1} of the run): {why} " +
                    (State.Epoch > 0 ? $"The checkpoint '{Checkpoint}' still holds epoch {State.Epoch}, unchanged."
                        : File.Exists(Checkpoint) ? $"'{Checkpoint}' was not touched." : "No checkpoint was written.") +
                    string.Create(CultureInfo.InvariantCulture, $" Try a lower --lr (now {Settings.Lr}) or --clip (now {(Settings.Clip > 0 ? Settings.Clip : "off")})."));
            }
            var r = history.Records[0];
            r = r with { Epoch = epoch, Step = State.Step + r.Step };
            State = State with { Epoch = epoch, Step = r.Step, History = [.. State.History, r] };
            Save();
            progress.EndEpoch(epochs, r, Checkpoint);
        }
    }

    /// <summary>A seq2seq epoch's shuffle: a function of (seed, epoch) only, so a resumed run draws the same order.</summary>
    Generator EpochShuffle(int epoch) => new(unchecked(Settings.Seed * 1_000_003L + epoch));

    void Save() => Workbench.Checkpoints.Checkpoint.Save(Checkpoint, Model, Data.Fields, Optimizer, Generator, new Dictionary<string, string>
    {
        [TrainingState.Key] = State.ToJson(),
        [TrainingData.Key] = Data.Provenance.ToJson(),
    });
}
