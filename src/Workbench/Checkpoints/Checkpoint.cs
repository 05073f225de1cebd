using System.Globalization;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Checkpoints;

/// <summary>
/// A training checkpoint in one safetensors file: the model's parameters under their PyTorch state-dict
/// names (so <c>torch</c> code can load them directly), the optimizer's buffers under "optimizer/...",
/// and string metadata: the model's family and config record ("model"), its tokenizer, vocabulary and labels
/// (<see cref="ModelFields"/>), the generator state (to resume bit-identically), the vocabulary fingerprint and
/// whatever the caller adds. <see cref="LoadModel"/> rebuilds the model from the file alone; <see cref="Load"/>
/// fills a model the caller built, which also takes a file written by plain PyTorch (weights only).
/// Written atomically: a failed save leaves the previous file.
/// </summary>
public static class Checkpoint
{
    public const string OptimizerPrefix = "optimizer/";
    public const string FingerprintKey = "vocabulary_fingerprint";
    public const string ModelKey = "model";
    const string GeneratorKey = "generator_state", FormatKey = "format", Format = "workbench-checkpoint-2";

    /// <summary>Saves the weights (and optimizer and generator state, when given). A model of a known
    /// <see cref="ModelFamily"/> also gets its config record, so <see cref="LoadModel"/> can rebuild it.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null, Generator? generator = null,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, model, null, optimizer, generator, metadata);

    /// <summary>Saves the model with its text fields (a dataset converts to them: <c>Save(path, lm, data)</c>), so the
    /// file alone rebuilds a model that reads and writes text. Refuses fields whose sizes do not fit the model.</summary>
    public static void Save(string path, Module model, ModelFields fields, Optimizer? optimizer = null, Generator? generator = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (ModelFamily.Of(model) is { } family && family.Mismatch(model, fields) is string why)
            throw new ArgumentException($"checkpoint '{path}': the fields do not belong to this {family.Name} model: {why}.", nameof(fields));
        Write(path, model, fields, optimizer, generator, metadata);
    }

    static void Write(string path, Module model, ModelFields? fields, Optimizer? optimizer, Generator? generator,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new Dictionary<string, Tensor>(model.StateDict());
        if (optimizer is not null)
            foreach (var (k, v) in optimizer.GetState()) tensors[OptimizerPrefix + k] = Tensor.FromArray(v, v.Length);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
        if (fields is not null) foreach (var (k, v) in fields.ToMetadata()) meta[k] = v;
        if (ModelFamily.Of(model) is { } family) meta[ModelKey] = family.Describe(model);
        meta[FormatKey] = Format;
        if (generator is not null)
            meta[GeneratorKey] = string.Join(",", generator.GetState().Select(w => w.ToString("x16", CultureInfo.InvariantCulture)));
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Rebuilds the model stored in <paramref name="path"/> from the file alone: the family and config record make
    /// the module (its initial draws come from <paramref name="generator"/>, default seed 0, which also drives its
    /// dropout later), the weights fill it, and the info carries the tokenizer, vocabulary, labels and training
    /// data. Every problem is a <see cref="CheckpointFormatException"/> naming the file.
    /// </summary>
    public static (Module Model, CheckpointInfo Info) LoadModel(string path, Generator? generator = null) => LoadModel(path, generator, null);

    /// <summary><see cref="LoadModel(string, Generator?)"/> for a known model type: a checkpoint of another family is
    /// refused by name before anything is built.</summary>
    public static (TModel Model, CheckpointInfo Info) LoadModel<TModel>(string path, Generator? generator = null) where TModel : Module
    {
        var (model, info) = LoadModel(path, generator, typeof(TModel));
        return ((TModel)model, info);
    }

    static (Module Model, CheckpointInfo Info) LoadModel(string path, Generator? generator, Type? expected)
    {
        var (tensors, meta) = SafeTensors.Load(path);
        if (!meta.TryGetValue(ModelKey, out var modelJson))
            throw new CheckpointFormatException($"checkpoint '{path}' holds weights only, without a model configuration " +
                $"({(meta.TryGetValue(FormatKey, out var f) ? $"format {f}" : "not written by this library, e.g. by PyTorch")}): " +
                "build the model yourself and call Checkpoint.Load(path, model).");
        var (family, config) = ModelFamily.Read(modelJson, path);
        if (expected is not null && family.ModelType != expected)
            throw new CheckpointFormatException($"checkpoint '{path}' holds a {family.Name} model ({family.ModelType.Name}), " +
                $"not a {ModelFamily.All.FirstOrDefault(x => x.ModelType == expected)?.Name ?? expected.Name} model ({expected.Name}).");
        Module model;
        try { model = family.Build(config, generator ?? new Generator(0)); }
        catch (ArgumentException e) { throw new CheckpointFormatException($"checkpoint '{path}': its {family.Name} config cannot build a model: {e.Message}"); }
        FillModel(path, model, tensors);
        var fields = ModelFields.FromMetadata(meta, path);
        if (fields is not null && family.Mismatch(model, fields) is string why)
            throw new CheckpointFormatException($"checkpoint '{path}': its fields do not fit its {family.Name} model: {why}.");
        return (model, new CheckpointInfo(path, family, config, fields, TrainingData.FromMetadata(meta, path), meta));
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/> (and optimizer and generator, when given).
    /// When <paramref name="expectedFingerprint"/> is given, a checkpoint trained with another vocabulary is
    /// refused before anything is changed. Returns the metadata.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path, Module model, Optimizer? optimizer = null,
        Generator? generator = null, string? expectedFingerprint = null)
    {
        var (tensors, meta) = SafeTensors.Load(path);
        if (expectedFingerprint is not null)
        {
            meta.TryGetValue(FingerprintKey, out var fp);
            if (fp != expectedFingerprint)
                throw new CheckpointFormatException($"checkpoint '{path}' was trained with vocabulary {Short(fp)} but the current vocabulary is {Short(expectedFingerprint)}; token ids would not mean the same tokens.");
        }
        FillModel(path, model, tensors);
        if (optimizer is not null)
        {
            var state = tensors.Where(kv => kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[OptimizerPrefix.Length..], kv => kv.Value.ToArray());
            if (state.Count == 0) throw new CheckpointFormatException($"checkpoint '{path}' holds no optimizer state.");
            try { optimizer.SetState(state); }
            catch (ArgumentException e) { throw new CheckpointFormatException($"checkpoint '{path}': optimizer state does not fit: {e.Message}"); }
        }
        if (generator is not null)
        {
            if (!meta.TryGetValue(GeneratorKey, out var g)) throw new CheckpointFormatException($"checkpoint '{path}' holds no generator state.");
            try { generator.SetState(g.Split(',').Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()); }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            { throw new CheckpointFormatException($"checkpoint '{path}': generator state '{g}' is malformed."); }
        }
        return meta;
    }

    static void FillModel(string path, Module model, Dictionary<string, Tensor> tensors)
    {
        var modelState = tensors.Where(kv => !kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToDictionary();
        try { model.LoadStateDict(modelState, strict: true); }
        catch (ArgumentException e) { throw new CheckpointFormatException($"checkpoint '{path}' does not fit this model: {e.Message}"); }
    }

    static string Short(string? fp) => fp is null ? "(none recorded)" : fp.Length > 12 ? fp[..12] : fp;
}
