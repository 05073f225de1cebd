using TorchSharp;
using TorchSharp.Modules;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Recurrent;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.LanguageModels;

/// <summary>
/// The workbench's <see cref="RecurrentLanguageModel"/> as a TorchSharp module: embedding, a (possibly deep) RNN, GRU or
/// LSTM, dropout as configured, and a linear layer to vocabulary logits, ŷ&lt;t&gt; = softmax(W_y a&lt;t&gt; + b_y).
/// Same <see cref="LanguageModelConfig"/>, same submodules (embedding, rnn, fc) and so the same state-dict names: a
/// state dict or checkpoint moves between the engines and PyTorch unchanged. It is a step decoder, so
/// <see cref="Generate"/>'s greedy, sampling and beam search drive it as they drive the workbench model.
/// </summary>
public sealed class TorchLanguageModel : nn.Module, IStepDecoder<TorchLanguageModelState>
{
    readonly Embedding embedding;
    readonly nn.Module rnn;
    readonly Linear fc;
    readonly Dropout dropout;

    public LanguageModelConfig Config { get; }
    public Device Device { get; }
    public int VocabSize => Config.VocabSize;

    /// <summary>A new model. Its weights are drawn as the workbench's are (the same <paramref name="generator"/> seed
    /// gives the same initial weights in both engines); <paramref name="device"/> is "cpu" or "cuda".</summary>
    public TorchLanguageModel(LanguageModelConfig config, Generator? generator = null, string device = "cpu")
        : this(new RecurrentLanguageModel(config, generator), device) { }

    TorchLanguageModel(RecurrentLanguageModel source, string device) : base(TorchRuntime.Loaded(nameof(TorchLanguageModel)))
    {
        Config = source.Config;
        embedding = nn.Embedding(Config.VocabSize, Config.EmbeddingDim);
        rnn = TorchRecurrent.Create(Config.Cell, Config.EmbeddingDim, Config.HiddenSize, Config.NumLayers, dropout: Config.Dropout);
        fc = nn.Linear(Config.HiddenSize, Config.VocabSize);
        dropout = nn.Dropout(Config.Dropout);
        RegisterComponents();
        Weights.Copy(source, this);
        Device = TorchDevice.Parse(device);
        this.to(Device);
    }

    /// <summary>The workbench model's configuration and weights, on <paramref name="device"/>.</summary>
    public static TorchLanguageModel From(RecurrentLanguageModel model, string device = "cpu") => new(model, device);

    /// <summary>A workbench model with this configuration and these weights.</summary>
    public RecurrentLanguageModel ToWorkbench()
    {
        var model = new RecurrentLanguageModel(Config, new Generator(0));   // its initial draw is overwritten
        Weights.Copy(this, model);
        return model;
    }

    /// <summary>Logits [B, T, V] for int64 token ids [B, T], from <paramref name="state"/> (zeros when null), and the
    /// state after the last step. <paramref name="lengths"/> marks padding at the end of rows.</summary>
    public (Tensor Logits, TorchLanguageModelState State) forward(Tensor ids, TorchLanguageModelState? state = null, int[]? lengths = null)
    {
        var r = TorchRecurrent.Forward(rnn, dropout.call(embedding.call(ids)), state?.H, state?.C, lengths);
        return (fc.call(dropout.call(r.Output)), new TorchLanguageModelState(r.HN, r.CN));
    }

    /// <summary>The workbench's signature: token ids laid out row-major [<paramref name="batch"/>, <paramref name="time"/>].</summary>
    public (Tensor Logits, TorchLanguageModelState State) Forward(int[] ids, int batch, int time, TorchLanguageModelState? state = null, int[]? lengths = null)
    {
        using var x = TensorConversion.Ids(ids, batch, time, Device);
        return forward(x, state, lengths);
    }

    /// <summary>One decoding step: log-probabilities of the next token for each row, copied to the CPU.</summary>
    public (float[] LogProbs, TorchLanguageModelState State) Step(TorchLanguageModelState? state, int[] tokens)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logits, next) = Forward(tokens, tokens.Length, 1, state);
        return (logits.log_softmax(-1).ToFloatArray(), next.MoveToOuterDisposeScope());
    }

    (float[] LogProbs, TorchLanguageModelState State) IStepDecoder<TorchLanguageModelState>.Step(TorchLanguageModelState state, int[] tokens) => Step(state, tokens);

    public TorchLanguageModelState Select(TorchLanguageModelState state, int[] rows) => state.Select(rows);

    /// <summary>A zero state for <paramref name="batch"/> rows, on the model's device.</summary>
    public TorchLanguageModelState InitialState(int batch = 1) => new(
        zeros(Config.NumLayers, batch, Config.HiddenSize, device: Device),
        Config.Cell.HasCellState() ? zeros(Config.NumLayers, batch, Config.HiddenSize, device: Device) : null);
}
