using Workbench.Checkpoints;
using Workbench.TorchSharp.Interop;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Checkpoints;

/// <summary>
/// The workbench's safetensors checkpoints (<see cref="Checkpoint"/>) for torch modules: the same file layout, names
/// and metadata (config, vocabulary fingerprint, generator state), written by the same code, so a checkpoint saved by
/// either engine loads in the other and in PyTorch. A model of this library (<see cref="Twins"/>) is saved with its
/// family and configuration, so <see cref="Checkpoint.LoadModel"/>, <see cref="LoadModel"/> and the workbench command
/// rebuild it from the file alone. The optimizer's state is not saved: TorchSharp's optimizers keep theirs in their
/// own form.
/// </summary>
public static class TorchCheckpoint
{
    public static void Save(string path, nn.Module model, Generator? generator = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Checkpoint.Save(path, AsWorkbench(model), generator: generator, metadata: metadata);

    /// <summary>Saves the model with its text fields (a dataset converts to them), as <see cref="Checkpoint.Save(string, NN.Module, ModelFields, Optim.Optimizer?, Generator?, IReadOnlyDictionary{string, string}?)"/>.</summary>
    public static void Save(string path, nn.Module model, ModelFields fields, Generator? generator = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Checkpoint.Save(path, AsWorkbench(model), fields, generator: generator, metadata: metadata);

    /// <summary>Rebuilds the model stored in <paramref name="path"/> from the file alone (<see cref="Checkpoint.LoadModel(string, Generator?)"/>)
    /// as its TorchSharp twin on <paramref name="device"/>, with the info (tokenizer, vocabulary, labels, data).</summary>
    public static (nn.Module Model, CheckpointInfo Info) LoadModel(string path, string device = "cpu", Generator? generator = null)
    {
        var (model, info) = Checkpoint.LoadModel(path, generator);
        return (Twins.ToTorch(model, device), info);
    }

    /// <summary><see cref="LoadModel(string, string, Generator?)"/> for a known twin type; a checkpoint of another family
    /// is refused by name.</summary>
    public static (TModel Model, CheckpointInfo Info) LoadModel<TModel>(string path, string device = "cpu", Generator? generator = null) where TModel : nn.Module
    {
        var (model, info) = LoadModel(path, device, generator);
        return model is TModel m ? (m, info)
            : throw new CheckpointFormatException($"checkpoint '{path}' holds a {info.Family.Name} model ({model.GetType().Name}), not a {typeof(TModel).Name}.");
    }

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

    /// <summary>The workbench twin (family and config travel with the weights), or the bare state dict of any other module.</summary>
    static NN.Module AsWorkbench(nn.Module model) => Twins.ToWorkbench(model) ?? new StateDictModule(Weights.StateDict(model));

    /// <summary>A torch model's state dict as a workbench module, so the workbench's checkpoint code reads and writes it.</summary>
    sealed class StateDictModule : NN.Module
    {
        public StateDictModule(IReadOnlyDictionary<string, WbTensor> state)
        {
            foreach (var (name, t) in state) RegisterParameter(name, t);
        }
    }
}
