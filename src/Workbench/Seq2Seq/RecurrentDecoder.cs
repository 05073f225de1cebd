using Workbench.Data;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// The target side of a seq2seq model, in Luong et al.'s (2015) arrangement:
/// <code>
/// s&lt;t&gt;      = RNN(x&lt;t&gt;, s&lt;t-1&gt;)        x&lt;t&gt; = embedding(y&lt;t-1&gt;)   (with input feeding: [embedding; h̃&lt;t-1&gt;])
/// α&lt;t&gt;, c&lt;t&gt; = attention(s&lt;t&gt;, encoder activations a&lt;1..T_x&gt;)
/// h̃&lt;t&gt;      = tanh(W_c [s&lt;t&gt;; c&lt;t&gt;])                     (h̃ = s without attention)
/// logits&lt;t&gt; = W_out h̃&lt;t&gt; + b_out
/// </code>
/// d2l's decoder interface: <see cref="InitialState"/> (d2l's init_state) turns the encoder's result into a <see cref="Seq2SeqState"/>, and
/// <c>Forward(tokens, state)</c> returns the logits of every step of <c>tokens</c> and the state after the last, so
/// training (a whole teacher-forced target) and decoding (one token per call) use the same call. The query is the
/// current top-layer state s&lt;t&gt; for every scoring function, additive included (Bahdanau's original scores with
/// s&lt;t-1&gt;; using s&lt;t&gt; keeps one architecture for all three scores). Submodules: embedding, rnn, attention,
/// combine (W_c), out.
/// </summary>
public sealed class RecurrentDecoder : Module<SequenceBatch, Seq2SeqState, (Tensor Logits, Seq2SeqState State)>
{
    public DecoderConfig Config { get; }
    public Embedding Embedding { get; }
    public RecurrentLayer Rnn { get; }
    public Attention? Attention { get; }
    public Linear? Combine { get; }
    public Linear Out { get; }
    public bool InputFeeding => Config.InputFeeding;
    readonly Dropout dropout;

    public RecurrentDecoder(DecoderConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.InputFeeding && config.Attention == AttentionKind.None)
            throw new ArgumentException("decoder: input feeding feeds the attentional vector back, so it needs attention.", nameof(config));
        Config = config;
        int h = config.HiddenSize;
        Embedding = RegisterModule("embedding", new Embedding(config.VocabSize, config.EmbeddingDim, config.PaddingIdx, generator));
        Rnn = RegisterModule("rnn", RecurrentLayers.Create(config.Cell, config.EmbeddingDim + (config.InputFeeding ? h : 0), h,
            config.NumLayers, false, config.Dropout, generator));
        if (config.Attention != AttentionKind.None)
        {
            Attention = RegisterModule("attention", new Attention(config.Attention, h, config.KeySize,
                config.AttentionSize > 0 ? config.AttentionSize : h, generator));
            Combine = RegisterModule("combine", new Linear(h + config.KeySize, h, bias: false, generator: generator));
        }
        Out = RegisterModule("out", new Linear(h, config.VocabSize, generator: generator));
        dropout = RegisterModule("dropout", new Dropout(config.Dropout, generator));
    }

    public int HiddenSize => Rnn.HiddenSize;
    public int VocabSize => Out.OutFeatures;

    /// <summary>The state before the first step: the encoder's final states <paramref name="h"/> (and <paramref name="c"/>)
    /// [L, B, H], already one direction per layer, and with attention its activations <paramref name="encoderOutput"/>
    /// [B, T_x, K] prepared as memory over <paramref name="sourceLengths"/> valid positions.</summary>
    public Seq2SeqState InitialState(Tensor h, Tensor? c, Tensor encoderOutput, int[] sourceLengths) =>
        new(h, c, null, Attention?.Prepare(encoderOutput, sourceLengths), null);

    /// <summary>The state a step of <paramref name="rows"/> rows needs (Forward and the matrix-vector
    /// <see cref="DecoderStep"/> alike): one row per token, and the encoder's memory when there is attention.</summary>
    internal void CheckState(int rows, Seq2SeqState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (rows != state.BatchSize)
            throw new ArgumentException($"decoder: {rows} token rows for a state of {state.BatchSize} rows.", "tokens");
        if (Attention is not null && state.Memory is null)
            throw new ArgumentException("decoder: an attention decoder needs the encoder's memory in its state (see InitialState).", nameof(state));
    }

    /// <summary>
    /// Runs the steps of <paramref name="tokens"/> [B, steps] (the previous target token of each step; every position is
    /// read, padding included, since a loss ignores padded targets) from <paramref name="state"/>: logits [B, steps, V]
    /// and the state after the last step. Without input feeding the steps depend on each other only through the
    /// recurrent layer, so they run as one block; with it each step needs the previous step's h̃, so blocks of one.
    /// </summary>
    public override (Tensor Logits, Seq2SeqState State) Forward(SequenceBatch tokens, Seq2SeqState state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckState(tokens.BatchSize, state);
        int block = InputFeeding ? 1 : tokens.Length;
        var logits = new List<Tensor>();
        var attention = new List<Tensor>();
        for (int t = 0; t < tokens.Length; t += block)
        {
            Tensor blockLogits;
            (blockLogits, state) = Block(block == tokens.Length ? tokens : tokens.Steps(t, block), state);
            logits.Add(blockLogits);
            if (state.AttentionWeights is not null) attention.Add(state.AttentionWeights);
        }
        return (Join(logits)!, state with { AttentionWeights = Join(attention) });
    }

    static Tensor? Join(List<Tensor> blocks) => blocks.Count switch { 0 => null, 1 => blocks[0], _ => Tensor.Cat(blocks, 1) };

    /// <summary>The equations above for a block of steps whose inputs are all known.</summary>
    (Tensor Logits, Seq2SeqState State) Block(SequenceBatch tokens, Seq2SeqState state)
    {
        int batch = tokens.BatchSize, steps = tokens.Length;
        var x = dropout.Forward(Embedding.Forward(tokens.Ids, batch, steps));
        if (InputFeeding) x = Tensor.Cat([x, (state.Feed ?? Tensor.Zeros(batch, HiddenSize)).Unsqueeze(1)], -1);
        var r = Rnn.Forward(x, state.H, state.C);
        var top = r.Output;                                                 // s<t>, [B, steps, H]
        Tensor? weights = null;
        if (Attention is not null)
        {
            var a = Attention.Forward(top, state.Memory!);
            weights = a.Weights;                                            // α<t,t'>
            top = Combine!.Forward(Tensor.Cat([top, a.Context], -1)).Tanh(); // h̃<t>
        }
        var logits = Out.Forward(dropout.Forward(top));
        return (logits, state with { H = r.HN, C = r.CN, Feed = InputFeeding ? top.Select(1, steps - 1) : null, AttentionWeights = weights });
    }

    protected override string ExtraRepr() => InputFeeding ? "input_feeding=True" : "";
}
