// Attention, top to bottom, in the notes' notation. For output step t the decoder state s<t> (the query) looks at
// every encoder activation a<t'>, t' = 1..T_x (the keys, which are also the values averaged):
//
//   score     e<t,t'> = score(s<t>, a<t'>)                   how relevant source position t' is for output step t
//               additive (Bahdanau):  e<t,t'> = vᵀ tanh(W_q s<t> + W_k a<t'>)      (the lesson's W₁ = W_q, W₂ = W_k)
//               dot (Luong):          e<t,t'> = s<t>ᵀ a<t'>                        (query and key sizes must match)
//               general (Luong):      e<t,t'> = s<t>ᵀ W a<t'>
//   weights   α<t,t'> = exp(e<t,t'>) / Σ_t'' exp(e<t,t''>)   a softmax over the T_x source positions; padded positions
//                                                            get exactly 0 (masked softmax)
//   context   c<t>    = Σ_t' α<t,t'> a<t'>                   the weighted average of the encoder activations
//
// Shapes: queries [B, T_y, Q] (T_y = 1 for one decoding step), keys [B, T_x, K], scores and weights [B, T_y, T_x],
// context [B, T_y, K]. The part of a score that depends on the keys only (W_k a<t'>, W a<t'>) is computed once per
// source by Prepare, so each decoding step pays only for its query.

using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>How a decoder state s&lt;t&gt; (the query) is scored against each encoder activation a&lt;t'&gt; (a key).</summary>
public enum AttentionKind
{
    /// <summary>No attention: the decoder sees the source only through its initial state.</summary>
    None,
    /// <summary>Bahdanau et al. (2015), "concat": e = vᵀ tanh(W_q s + W_k a).</summary>
    Additive,
    /// <summary>Luong et al. (2015) "dot": e = sᵀ a (query and key sizes must match).</summary>
    Dot,
    /// <summary>Luong et al. (2015) "general": e = sᵀ W a.</summary>
    General,
}

/// <summary>What attention returns for a block of queries.</summary>
/// <param name="Context">c&lt;t&gt; [B, T_y, K]: the weighted average of the encoder activations for each query.</param>
/// <param name="Weights">α&lt;t,t'&gt; [B, T_y, T_x]: each query's distribution over source positions; each row sums to 1
/// over the valid positions and is exactly 0 over padding.</param>
/// <param name="Scores">e&lt;t,t'&gt; [B, T_y, T_x], before the masked softmax (padding included).</param>
public sealed record AttentionResult(Tensor Context, Tensor Weights, Tensor Scores);

/// <summary>
/// What attention reads on every decoder step, prepared once per source batch: the encoder activations
/// (<see cref="Keys"/> [B, T_x, K], also the values averaged into the context), the part of the score that depends on
/// them only (<see cref="ScoringKeys"/>: W_k a for additive, W a for general, the keys themselves for dot), and the
/// source padding as an additive bias [B, 1, T_x] (0 at valid positions, <see cref="MaskedScore"/> at padding).
/// </summary>
public sealed record AttentionMemory(Tensor Keys, Tensor ScoringKeys, Tensor MaskBias, int[] Lengths)
{
    /// <summary>Added to the scores of padded positions; exp of it underflows to exactly 0 in float.</summary>
    public const float MaskedScore = -1e9f;

    public int BatchSize => Keys.Size(0);
    public int SourceTime => Keys.Size(1);

    /// <summary>The memory of rows <paramref name="rows"/> (repeats allowed), in that order (beam reordering).</summary>
    public AttentionMemory Select(int[] rows) => new(Keys.IndexSelect(0, rows), ScoringKeys.IndexSelect(0, rows),
        MaskBias.IndexSelect(0, rows), rows.Select(r => Lengths[r]).ToArray());

    /// <summary>The padding bias [B, 1, T_x] for sequences of <paramref name="lengths"/> padded to <paramref name="time"/>.</summary>
    public static Tensor MaskBiasFor(int[] lengths, int time)
    {
        var bias = new float[lengths.Length * time];
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] < 1 || lengths[b] > time)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b], $"attention: source length {lengths[b]} of row {b} is outside 1..{time}.");
            bias.AsSpan(b * time + lengths[b], time - lengths[b]).Fill(MaskedScore);
        }
        return Tensor.FromArray(bias, lengths.Length, 1, time);
    }
}

/// <summary>
/// Attention over encoder activations (the equations at the top of this file), one module for the three scores.
/// Parameters by kind: additive W_q [A, Q], W_k [A, K] and v [1, A] (Linear modules "W_q", "W_k", "v", no bias);
/// general W [Q, K] (Linear "W": W a is its forward); dot none. Use <see cref="Forward(Tensor, Tensor, int[])"/> on a
/// tiny hand-made batch; a decoder prepares the memory once per source and calls <see cref="Forward(Tensor, AttentionMemory)"/>.
/// </summary>
public sealed class Attention : Module<Tensor, AttentionMemory, AttentionResult>
{
    public AttentionKind Kind { get; }
    /// <summary>Size of a query s&lt;t&gt; (the decoder's hidden size).</summary>
    public int QuerySize { get; }
    /// <summary>Size of a key a&lt;t'&gt; (the encoder's output size, num_directions * hidden).</summary>
    public int KeySize { get; }
    /// <summary>Hidden size of the additive score's one-layer network (0 for the others).</summary>
    public int AttentionSize { get; }
    public Linear? W_q { get; }
    public Linear? W_k { get; }
    public Linear? V { get; }
    public Linear? W { get; }

    /// <param name="attentionSize">Hidden size of additive attention (ignored by the other kinds).</param>
    public Attention(AttentionKind kind, int querySize, int keySize, int attentionSize = 0, Generator? generator = null)
    {
        if (querySize <= 0 || keySize <= 0)
            throw new ArgumentOutOfRangeException(nameof(querySize), $"attention: query size {querySize} and key size {keySize} must be positive.");
        (Kind, QuerySize, KeySize) = (kind, querySize, keySize);
        switch (kind)
        {
            case AttentionKind.Additive:
                if (attentionSize <= 0) throw new ArgumentOutOfRangeException(nameof(attentionSize), attentionSize, "additive attention: the attention size must be positive.");
                AttentionSize = attentionSize;
                W_q = RegisterModule("W_q", new Linear(querySize, attentionSize, bias: false, generator: generator));
                W_k = RegisterModule("W_k", new Linear(keySize, attentionSize, bias: false, generator: generator));
                V = RegisterModule("v", new Linear(attentionSize, 1, bias: false, generator: generator));
                break;
            case AttentionKind.Dot:
                if (querySize != keySize)
                    throw new ArgumentException($"dot attention: query size {querySize} must equal key size {keySize} (sᵀa); with a bidirectional encoder use general or additive attention.");
                break;
            case AttentionKind.General:
                W = RegisterModule("W", new Linear(keySize, querySize, bias: false, generator: generator));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "attention: AttentionKind.None has no attention module.");
        }
    }

    /// <summary>Prepares the encoder activations <paramref name="keys"/> [B, T_x, K] of sequences with valid
    /// <paramref name="lengths"/> (null: all T_x) for any number of decoder steps.</summary>
    public AttentionMemory Prepare(Tensor keys, int[]? lengths = null)
    {
        if (keys.Rank != 3 || keys.Size(2) != KeySize)
            throw new ArgumentException($"attention: keys must be [batch, source_len, {KeySize}], got {ShapeUtil.Format(keys.ShapeSpan)}.", nameof(keys));
        int b = keys.Size(0), t = keys.Size(1);
        lengths ??= Enumerable.Repeat(t, b).ToArray();
        if (lengths.Length != b)
            throw new ArgumentException($"attention: {lengths.Length} lengths for a batch of {b}.", nameof(lengths));
        var scoringKeys = Kind switch
        {
            AttentionKind.Additive => W_k!.Forward(keys),      // W_k a<t'>
            AttentionKind.General => W!.Forward(keys),         // W a<t'>
            _ => keys,
        };
        return new AttentionMemory(keys, scoringKeys, AttentionMemory.MaskBiasFor(lengths, t), (int[])lengths.Clone());
    }

    /// <summary>The scores e&lt;t,t'&gt; [B, T_y, T_x] of <paramref name="queries"/> [B, T_y, Q] against the memory.</summary>
    public Tensor Score(Tensor queries, AttentionMemory memory)
    {
        if (queries.Rank != 3 || queries.Size(2) != QuerySize || queries.Size(0) != memory.BatchSize)
            throw new ArgumentException($"attention: queries must be [{memory.BatchSize}, steps, {QuerySize}], got {ShapeUtil.Format(queries.ShapeSpan)}.", nameof(queries));
        var k = memory.ScoringKeys;
        switch (Kind)
        {
            case AttentionKind.Additive:
            {   // vᵀ tanh(W_q s + W_k a) for every (query, key) pair: broadcast [B, T_y, 1, A] + [B, 1, T_x, A]
                int b = queries.Size(0), ty = queries.Size(1), tx = k.Size(1), a = AttentionSize;
                var q = W_q!.Forward(queries).Reshape(b, ty, 1, a);
                var e = (q + k.Reshape(b, 1, tx, a)).Tanh();
                return V!.Forward(e).Reshape(b, ty, tx);
            }
            default:   // dot: sᵀ a; general: sᵀ (W a)
                return Tensor.MatMul(queries, k, transposeB: true);
        }
    }

    /// <summary>α = softmax of <paramref name="scores"/> [B, T_y, T_x] over the last axis, with the positions past each
    /// row's length (<paramref name="lengths"/>, one per batch row) at exactly 0.</summary>
    public static Tensor MaskedSoftmax(Tensor scores, int[] lengths) => MaskedSoftmax(scores, AttentionMemory.MaskBiasFor(lengths, scores.Size(-1)));

    static Tensor MaskedSoftmax(Tensor scores, Tensor maskBias) => (scores + maskBias).Softmax(-1);

    /// <summary>c&lt;t&gt; = Σ_t' α&lt;t,t'&gt; a&lt;t'&gt;: <paramref name="weights"/> [B, T_y, T_x] times <paramref name="values"/> [B, T_x, K].</summary>
    public static Tensor Context(Tensor weights, Tensor values) => Tensor.MatMul(weights, values);

    /// <summary>Scores, masked softmax and context of <paramref name="queries"/> [B, T_y, Q] over a prepared memory.</summary>
    public override AttentionResult Forward(Tensor queries, AttentionMemory memory)
    {
        var scores = Score(queries, memory);                    // e<t,t'>
        var weights = MaskedSoftmax(scores, memory.MaskBias);   // α<t,t'>
        return new AttentionResult(Context(weights, memory.Keys), weights, scores);
    }

    /// <summary>Attention of <paramref name="queries"/> [B, T_y, Q] over <paramref name="keys"/> [B, T_x, K] whose rows
    /// have <paramref name="lengths"/> valid positions (null: all), in one call.</summary>
    public AttentionResult Forward(Tensor queries, Tensor keys, int[]? lengths = null) => Forward(queries, Prepare(keys, lengths));

    protected override string ExtraRepr() =>
        $"kind={Kind}, query_size={QuerySize}, key_size={KeySize}" + (Kind == AttentionKind.Additive ? $", attention_size={AttentionSize}" : "");
}
