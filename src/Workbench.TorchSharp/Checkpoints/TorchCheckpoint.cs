using Workbench.Checkpoints;
using Workbench.TorchSharp.Interop;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Checkpoints;

/// <summary>
/// The workbench's safetensors checkpoints (<see cref="Checkpoint"/>) for torch modules: the same file layout, names
/// and metadata (config, vocabulary fingerprint, generator state), written by the same code, so a checkpoint saved by
/// either engine loads in the other and in PyTorch. The optimizer's state is not saved: TorchSharp's optimizers keep
/// theirs in their own form.
/// </summary>
public static class TorchCheckpoint
{
    public static void Save(string path, nn.Module model, Generator? generator = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Checkpoint.Save(path, new StateDictModule(Weights.StateDict(model)), generator: generator, metadata: metadata);

    /// <summary>Loads a checkpoint's tensors into <paramref name="model"/> (and the generator, when given); with
    /// <paramref name="expectedFingerprint"/>, a checkpoint trained with another vocabulary is refused before anything
    /// changes. Returns the metadata.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path, nn.Module model, Generator? generator = null, string? expectedFingerprint = null)
    {
        var mirror = new StateDictModule(Weights.StateDict(model));   // the model's names and shapes, for the checks
        var metadata = Checkpoint.Load(path, mirror, generator: generator, expectedFingerprint: expectedFingerprint);
        Weights.Load(model, mirror.StateDict());
        return metadata;
    }

    /// <summary>A torch model's state dict as a workbench module, so the workbench's checkpoint code reads and writes it.</summary>
    sealed class StateDictModule : Workbench.NN.Module
    {
        public StateDictModule(IReadOnlyDictionary<string, WbTensor> state)
        {
            foreach (var (name, t) in state) RegisterParameter(name, t);
        }
    }
}
