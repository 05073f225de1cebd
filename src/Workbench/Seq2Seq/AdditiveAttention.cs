using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>Bahdanau's additive score vᵀ tanh(W_q s + W_k h): a one-hidden-layer network of size
/// <see cref="AttentionSize"/> per (query, key) pair. W_k h is precomputed per source.</summary>
public sealed class AdditiveAttention : Attention
{
    public int AttentionSize { get; }
    public Linear W_q { get; }
    public Linear W_k { get; }
    public Linear V { get; }

    public AdditiveAttention(int querySize, int keySize, int attentionSize, Generator? generator = null) : base(querySize, keySize)
    {
        if (attentionSize <= 0) throw new ArgumentOutOfRangeException(nameof(attentionSize), attentionSize, "AdditiveAttention: attention size must be positive.");
        AttentionSize = attentionSize;
        W_q = RegisterModule("W_q", new Linear(querySize, attentionSize, bias: false, generator: generator));
        W_k = RegisterModule("W_k", new Linear(keySize, attentionSize, bias: false, generator: generator));
        V = RegisterModule("v", new Linear(attentionSize, 1, bias: false, generator: generator));
    }

    protected override Tensor ProjectKeys(Tensor keys) => W_k.Forward(keys);

    protected override Tensor Score(Tensor queries, Tensor projected)
    {
        int b = queries.Size(0), tq = queries.Size(1), t = projected.Size(1), a = AttentionSize;
        var q = W_q.Forward(queries).Reshape(b, tq, 1, a);                  // broadcast over source positions
        var e = (q + projected.Reshape(b, 1, t, a)).Tanh();                 // [B, Tq, T, A]
        return V.Forward(e).Reshape(b, tq, t);
    }

    protected override string ExtraRepr() => base.ExtraRepr() + $", attention_size={AttentionSize}";
}
