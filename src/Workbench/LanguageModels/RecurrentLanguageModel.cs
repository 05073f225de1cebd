using System.Text.Json;
using Workbench.Decoding;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.LanguageModels;

/// <summary>Hyper-parameters of a recurrent language model; stored in checkpoints as JSON.</summary>
public sealed record LanguageModelConfig(CellKind Cell, int VocabSize, int EmbeddingDim = 64, int HiddenSize = 256,
    int NumLayers = 1, float Dropout = 0f)
{
    static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LanguageModelConfig FromJson(string json) =>
        JsonSerializer.Deserialize<LanguageModelConfig>(json, Json) ?? throw new FormatException("language model config: empty JSON.");
}

/// <summary>The recurrent state carried between windows and decoding steps: a&lt;t&gt; (and c&lt;t&gt; for an
/// LSTM), each [num_layers, batch, hidden].</summary>
public sealed record LanguageModelState(Tensor H, Tensor? C)
{
    /// <summary>Same values, no history: truncated BPTT carries the state into the next window but cuts the graph.</summary>
    public LanguageModelState Detach() => new(H.Detach(), C?.Detach());

    /// <summary>Keeps the state past the current dispose scope (a training step) for the next window.</summary>
    public LanguageModelState MoveToOuterDisposeScope() => new(H.MoveToOuterDisposeScope(), C?.MoveToOuterDisposeScope());

    /// <summary>The state of the given batch rows (beams), in that order.</summary>
    public LanguageModelState Select(int[] rows) => new(H.IndexSelect(1, rows), C?.IndexSelect(1, rows));
}

/// <summary>
/// Embedding, then a (possibly deep) RNN, GRU or LSTM, then a linear layer to vocabulary logits:
/// ŷ&lt;t&gt; = softmax(W_y a&lt;t&gt; + b_y), the model's distribution over the token after x&lt;1..t&gt;.
/// Parameter names match the PyTorch module with submodules embedding, rnn and fc, so a state dict moves
/// to PyTorch unchanged. It is also a step decoder, so greedy, sampling and beam search drive it directly.
/// </summary>
public sealed class RecurrentLanguageModel : Module, IStepDecoder<LanguageModelState>
{
    public LanguageModelConfig Config { get; }
    public Embedding Embedding { get; }
    public RecurrentLayer Rnn { get; }
    public Linear Fc { get; }
    readonly Dropout dropout;

    public RecurrentLanguageModel(LanguageModelConfig config, Generator? generator = null)
    {
        if (config.VocabSize < 2) throw new ArgumentOutOfRangeException(nameof(config), $"language model: vocabulary size {config.VocabSize} is too small.");
        Config = config;
        Embedding = RegisterModule("embedding", new Embedding(config.VocabSize, config.EmbeddingDim, generator: generator));
        Rnn = RegisterModule("rnn", RecurrentLayers.Create(config.Cell, config.EmbeddingDim, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator));
        Fc = RegisterModule("fc", new Linear(config.HiddenSize, config.VocabSize, generator: generator));
        dropout = RegisterModule("dropout", new Dropout(config.Dropout, generator));
    }

    public int VocabSize => Config.VocabSize;

    /// <summary>Logits [B, T, V] for token ids laid out [B, T], from <paramref name="state"/> (zeros when null),
    /// and the state after the last step. <paramref name="lengths"/> marks padding at the end of rows.</summary>
    public (Tensor Logits, LanguageModelState State) Forward(int[] ids, int batch, int time, LanguageModelState? state = null, int[]? lengths = null)
    {
        // Without embedding dropout the layer can fold the embedding into its input projection (a lookup in
        // E W_ihᵀ when the vocabulary is smaller than the batch); with it, the dropped embeddings are its input.
        var r = dropout.Training && dropout.P > 0f
            ? Rnn.Forward(dropout.Forward(Embedding.Forward(ids, batch, time)), state?.H, state?.C, lengths)
            : Rnn.Forward(Embedding, ids, batch, time, state?.H, state?.C, lengths);
        var logits = Fc.Forward(dropout.Forward(r.Output));
        return (logits, new LanguageModelState(r.HN, r.CN));
    }

    /// <summary>One decoding step: log-probabilities of the next token for each row. A few rows (batch 1, small beams;
    /// <see cref="MatVec.MaxRows"/>) in eval mode (or without dropout) take the matrix-vector path on the weights as
    /// they are now, with the same bits as <see cref="Forward"/>; more rows run <see cref="Forward"/>.</summary>
    public (float[] LogProbs, LanguageModelState State) Step(LanguageModelState? state, int[] tokens)
    {
        using var _ = new Autograd.NoGrad();
        int rows = tokens.Length;
        if (!Rnn.CanStepRows(rows) || (dropout.Training && dropout.P > 0f))
        {
            var (logits, next) = Forward(tokens, rows, 1, state);
            return (logits.LogSoftmax(-1).ToArray(), next);
        }
        var x = Embedding.Forward(tokens, rows);                                  // x<t> [rows, E]
        var r = Rnn.StepRows(x.Values, rows, state?.H, state?.C);                 // a<t>
        var y = MatVec.Linear(Fc.Weight, Fc.Bias, r.Output.Values, rows);        // W_y a<t> + b_y
        return (new Tensor(y, [rows, Config.VocabSize]).LogSoftmax(-1).ToArray(), new LanguageModelState(r.HN, r.CN));
    }

    (float[] LogProbs, LanguageModelState State) IStepDecoder<LanguageModelState>.Step(LanguageModelState state, int[] tokens) => Step(state, tokens);

    public LanguageModelState Select(LanguageModelState state, int[] rows) => state.Select(rows);

    /// <summary>A zero state for <paramref name="batch"/> rows.</summary>
    public LanguageModelState InitialState(int batch = 1) => new(
        Tensor.Zeros(Config.NumLayers, batch, Config.HiddenSize),
        Config.Cell == CellKind.Lstm ? Tensor.Zeros(Config.NumLayers, batch, Config.HiddenSize) : null);

    protected override string ExtraRepr() => $"cell={Config.Cell}, vocab={Config.VocabSize}";
}
