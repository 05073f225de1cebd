using System.Globalization;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Checkpoints;

/// <summary>
/// A training checkpoint in one safetensors file: the model's parameters under their PyTorch state-dict
/// names (so <c>torch</c> code can load them directly), the optimizer's buffers under "optimizer/...",
/// and string metadata: the generator state (to resume bit-identically), the model config, the vocabulary,
/// the tokenizer and the vocabulary fingerprint. Written atomically: a failed save leaves the previous file.
/// </summary>
public static class Checkpoint
{
    public const string OptimizerPrefix = "optimizer/";
    public const string FingerprintKey = "vocabulary_fingerprint";
    const string GeneratorKey = "generator_state", FormatKey = "format", Format = "workbench-checkpoint-1";

    public static void Save(string path, Module model, Optimizer? optimizer = null, Generator? generator = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = new Dictionary<string, Tensor>(model.StateDict());
        if (optimizer is not null)
            foreach (var (k, v) in optimizer.GetState()) tensors[OptimizerPrefix + k] = Tensor.FromArray(v, v.Length);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [FormatKey] = Format };
        if (generator is not null)
            meta[GeneratorKey] = string.Join(",", generator.GetState().Select(w => w.ToString("x16", CultureInfo.InvariantCulture)));
        SafeTensors.Save(path, tensors, meta);
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
        var modelState = tensors.Where(kv => !kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToDictionary();
        try { model.LoadStateDict(modelState, strict: true); }
        catch (ArgumentException e) { throw new CheckpointFormatException($"checkpoint '{path}' does not fit this model: {e.Message}"); }
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

    static string Short(string? fp) => fp is null ? "(none recorded)" : fp.Length > 12 ? fp[..12] : fp;
}
