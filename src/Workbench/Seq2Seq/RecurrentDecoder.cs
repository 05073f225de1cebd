using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// The target side of a seq2seq model, in Luong et al.'s (2015) arrangement:
/// <code>
/// s&lt;t&gt; = RNN(x&lt;t&gt;, s&lt;t-1&gt;)        x&lt;t&gt; = embedding(y&lt;t-1&gt;)   (with input feeding: [embedding; h̃&lt;t-1&gt;])
/// α&lt;t&gt;, c&lt;t&gt; = attention(s&lt;t&gt;, encoder outputs)
/// h̃&lt;t&gt; = tanh(W_c [s&lt;t&gt;; c&lt;t&gt;])                          (h̃ = s without attention)
/// logits&lt;t&gt; = W_out h̃&lt;t&gt; + b_out
/// </code>
/// The query is the current top-layer state s&lt;t&gt; for every scoring function, additive included (Bahdanau's
/// original scores with s&lt;t-1&gt;; using s&lt;t&gt; keeps one architecture for all three scores). Without input
/// feeding the steps depend on each other only through the recurrent layer, so a teacher-forced target runs as one
/// call; with it, one step at a time. Submodules: embedding, rnn, attention, combine (W_c), out.
/// </summary>
public sealed class RecurrentDecoder : Module
{
    public Embedding Embedding { get; }
    public RecurrentLayer Rnn { get; }
    public Attention? Attention { get; }
    public Linear? Combine { get; }
    public Linear Out { get; }
    public bool InputFeeding { get; }
    readonly Dropout dropout;

    public RecurrentDecoder(CellKind cell, int vocabSize, int embeddingDim, int hiddenSize, int numLayers, AttentionKind attention,
        int keySize, int attentionSize, bool inputFeeding, float dropout = 0f, int? paddingIdx = null, Generator? generator = null)
    {
        if (inputFeeding && attention == AttentionKind.None)
            throw new ArgumentException("decoder: input feeding feeds the attentional vector back, so it needs attention.", nameof(inputFeeding));
        InputFeeding = inputFeeding;
        Embedding = RegisterModule("embedding", new Embedding(vocabSize, embeddingDim, paddingIdx, generator));
        Rnn = RegisterModule("rnn", RecurrentLayers.Create(cell, embeddingDim + (inputFeeding ? hiddenSize : 0), hiddenSize, numLayers, false, dropout, generator));
        if (attention != AttentionKind.None)
        {
            Attention = RegisterModule("attention", Seq2Seq.Attention.Create(attention, hiddenSize, keySize, attentionSize, generator));
            Combine = RegisterModule("combine", new Linear(hiddenSize + keySize, hiddenSize, bias: false, generator: generator));
        }
        Out = RegisterModule("out", new Linear(hiddenSize, vocabSize, generator: generator));
        this.dropout = RegisterModule("dropout", new Dropout(dropout, generator));
    }

    public int HiddenSize => Rnn.HiddenSize;
    public int VocabSize => Out.OutFeatures;

    /// <summary>Runs <paramref name="steps"/> steps on the input tokens laid out [B, steps] from states
    /// <paramref name="h"/> (and <paramref name="c"/>) [L, B, H]. <paramref name="feed"/> is the previous h̃ [B, H]
    /// (input feeding only; zeros when null); input feeding allows only one step per call.</summary>
    public DecoderOutput Forward(int[] tokens, int batch, int steps, Tensor h, Tensor? c, Tensor? feed, AttentionMemory? memory)
    {
        if (Attention is not null && memory is null) throw new ArgumentNullException(nameof(memory), "decoder: an attention decoder needs the encoder's memory.");
        if (InputFeeding && steps != 1) throw new ArgumentException($"decoder: with input feeding each step needs the previous one's output; run one step at a time, not {steps}.", nameof(steps));
        var x = dropout.Forward(Embedding.Forward(tokens, batch, steps));
        if (InputFeeding) x = Tensor.Cat([x, (feed ?? Tensor.Zeros(batch, HiddenSize)).Unsqueeze(1)], -1);
        var r = Rnn.Forward(x, h, c);
        var top = r.Output;                                                 // s<t>, [B, steps, H]
        Tensor? weights = null;
        if (Attention is not null)
        {
            var a = Attention.Forward(top, memory!);
            weights = a.Weights;
            top = Combine!.Forward(Tensor.Cat([top, a.Context], -1)).Tanh();
        }
        var logits = Out.Forward(dropout.Forward(top));
        return new DecoderOutput(logits, weights, r.HN, r.CN, InputFeeding ? top.Select(1, steps - 1) : null);
    }

    protected override string ExtraRepr() => InputFeeding ? "input_feeding=True" : "";
}
