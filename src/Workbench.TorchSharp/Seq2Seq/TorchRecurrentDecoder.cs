using TorchSharp.Modules;
using Workbench.Data;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Recurrent;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>
/// The workbench's <see cref="RecurrentDecoder"/> as a TorchSharp module, Luong et al.'s (2015) arrangement:
/// <code>
/// s&lt;t&gt;       = RNN(x&lt;t&gt;, s&lt;t-1&gt;)        x&lt;t&gt; = embedding(y&lt;t-1&gt;)   (with input feeding: [embedding; h̃&lt;t-1&gt;])
/// α&lt;t&gt;, c&lt;t&gt; = attention(s&lt;t&gt;, encoder activations a&lt;1..T_x&gt;)
/// h̃&lt;t&gt;       = tanh(W_c [s&lt;t&gt;; c&lt;t&gt;])                   (h̃ = s without attention)
/// logits&lt;t&gt; = W_out h̃&lt;t&gt; + b_out
/// </code>
/// <c>forward(tokens, state)</c> returns the logits of every step of <c>tokens</c> and the state after the last, for a
/// whole teacher-forced target and for one decoding step alike. Submodules embedding, rnn, attention, combine (W_c),
/// out, as in the workbench.
/// </summary>
public sealed class TorchRecurrentDecoder : nn.Module<SequenceBatch, TorchSeq2SeqState, (Tensor Logits, TorchSeq2SeqState State)>
{
    readonly Embedding embedding;
    readonly nn.Module rnn;
    readonly TorchAttention? attention;
    readonly Linear? combine;
    readonly Linear @out;
    readonly Dropout dropout;

    public DecoderConfig Config { get; }
    public TorchAttention? Attention => attention;
    public bool InputFeeding => Config.InputFeeding;

    /// <summary>The structure of <paramref name="source"/> (its weights are copied by the model that owns both).</summary>
    internal TorchRecurrentDecoder(RecurrentDecoder source) : base(TorchRuntime.Loaded(nameof(TorchRecurrentDecoder)))
    {
        Config = source.Config;
        var r = source.Rnn;
        register_module("embedding", embedding = nn.Embedding(Config.VocabSize, Config.EmbeddingDim, padding_idx: Config.PaddingIdx));
        register_module("rnn", rnn = TorchRecurrent.Create(r.Kind, r.InputSize, r.HiddenSize, r.NumLayers, dropout: r.DropoutP));
        if (source.Attention is not null)
        {
            register_module("attention", attention = new TorchAttention(source.Attention));
            register_module("combine", combine = nn.Linear(source.Combine!.InFeatures, source.Combine.OutFeatures, hasBias: false));
        }
        register_module("out", @out = nn.Linear(source.Out.InFeatures, source.Out.OutFeatures));
        register_module("dropout", dropout = nn.Dropout(Config.Dropout));
    }

    public int HiddenSize => Config.HiddenSize;

    /// <summary>The state before the first step: the encoder's final states <paramref name="h"/> (and <paramref name="c"/>)
    /// [L, B, H], and with attention its activations <paramref name="encoderOutput"/> [B, T_x, K] prepared as memory.</summary>
    public TorchSeq2SeqState InitialState(Tensor h, Tensor? c, Tensor encoderOutput, int[] sourceLengths) =>
        new(h, c, null, attention?.Prepare(encoderOutput, sourceLengths), null);

    /// <summary>
    /// Runs the steps of <paramref name="tokens"/> [B, steps] from <paramref name="state"/>: logits [B, steps, V] and the
    /// state after the last step. Without input feeding the steps run as one block; with it, one step at a time.
    /// </summary>
    public override (Tensor Logits, TorchSeq2SeqState State) forward(SequenceBatch tokens, TorchSeq2SeqState state)
    {
        if (tokens.BatchSize != state.BatchSize)
            throw new ArgumentException($"decoder: {tokens.BatchSize} token rows for a state of {state.BatchSize} rows.", nameof(tokens));
        if (attention is not null && state.Memory is null)
            throw new ArgumentException("decoder: an attention decoder needs the encoder's memory in its state (see InitialState).", nameof(state));
        int block = InputFeeding ? 1 : tokens.Length;
        var logits = new List<Tensor>();
        var weights = new List<Tensor>();
        for (int t = 0; t < tokens.Length; t += block)
        {
            Tensor blockLogits;
            (blockLogits, state) = Block(block == tokens.Length ? tokens : tokens.Steps(t, block), state);
            logits.Add(blockLogits);
            if (state.AttentionWeights is not null) weights.Add(state.AttentionWeights);
        }
        return (Join(logits)!, state with { AttentionWeights = Join(weights) });
    }

    internal static Tensor? Join(List<Tensor> blocks) => blocks.Count switch { 0 => null, 1 => blocks[0], _ => cat(blocks, 1) };

    /// <summary>The equations above for a block of steps whose inputs are all known.</summary>
    (Tensor Logits, TorchSeq2SeqState State) Block(SequenceBatch tokens, TorchSeq2SeqState state)
    {
        var device = @out.weight!.device;
        using var ids = TensorConversion.Ids(tokens.Ids, tokens.BatchSize, tokens.Length, device);
        var x = dropout.call(embedding.call(ids));
        if (InputFeeding) x = cat([x, (state.Feed ?? zeros(tokens.BatchSize, HiddenSize, device: device)).unsqueeze(1)], -1);
        var r = TorchRecurrent.Forward(rnn, x, state.H, state.C);
        var top = r.Output;                                                     // s<t>, [B, steps, H]
        Tensor? weights = null;
        if (attention is not null)
        {
            var a = attention.call(top, state.Memory!);
            weights = a.Weights;                                                // α<t,t'>
            top = combine!.call(cat([top, a.Context], -1)).tanh();             // h̃<t>
        }
        var logits = @out.call(dropout.call(top));
        return (logits, state with { H = r.HN, C = r.CN, Feed = InputFeeding ? top.select(1, tokens.Length - 1) : null, AttentionWeights = weights });
    }
}
