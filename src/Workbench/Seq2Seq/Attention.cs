using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// Attention over encoder outputs: scores e = score(s, h_j) for every source position j, weights
/// α = softmax(e) over the valid positions, context c = Σ_j α_j h_j. Queries come in blocks [B, Tq, Q] so one
/// call serves a single decoder step (Tq = 1) or a whole teacher-forced target (Tq = T_y). Subclasses supply the
/// scoring function; the masking and the weighted sum are shared here.
/// </summary>
public abstract class Attention : Module
{
    /// <summary>Size of a query (the decoder's hidden size).</summary>
    public int QuerySize { get; }
    /// <summary>Size of a key (the encoder's output size, num_directions * hidden).</summary>
    public int KeySize { get; }

    protected Attention(int querySize, int keySize)
    {
        if (querySize <= 0 || keySize <= 0)
            throw new ArgumentOutOfRangeException(nameof(querySize), $"{GetType().Name}: query size {querySize} and key size {keySize} must be positive.");
        (QuerySize, KeySize) = (querySize, keySize);
    }

    /// <summary>Builds the attention of <paramref name="kind"/> (not <see cref="AttentionKind.None"/>).
    /// <paramref name="attentionSize"/> is the hidden size of additive attention (ignored by the others).</summary>
    public static Attention Create(AttentionKind kind, int querySize, int keySize, int attentionSize, Generator? generator = null) => kind switch
    {
        AttentionKind.Additive => new AdditiveAttention(querySize, keySize, attentionSize, generator),
        AttentionKind.Dot => new DotAttention(querySize, keySize),
        AttentionKind.General => new GeneralAttention(querySize, keySize, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "attention: no attention module for this kind."),
    };

    /// <summary>Prepares the encoder outputs <paramref name="keys"/> [B, T, K] of sequences with valid
    /// <paramref name="lengths"/> (null: all T) for any number of decoder steps.</summary>
    public AttentionMemory Prepare(Tensor keys, int[]? lengths = null)
    {
        if (keys.Rank != 3 || keys.Size(2) != KeySize)
            throw new ArgumentException($"{GetType().Name}: keys must be [batch, source_len, {KeySize}], got {ShapeUtil.Format(keys.ShapeSpan)}.", nameof(keys));
        int b = keys.Size(0), t = keys.Size(1);
        lengths ??= Enumerable.Repeat(t, b).ToArray();
        if (lengths.Length != b)
            throw new ArgumentException($"{GetType().Name}: {lengths.Length} lengths for a batch of {b}.", nameof(lengths));
        return new AttentionMemory(keys, ProjectKeys(keys), AttentionMemory.MaskBiasFor(lengths, t), (int[])lengths.Clone());
    }

    /// <summary>Attends with <paramref name="queries"/> [B, Tq, Q] over <paramref name="memory"/>.</summary>
    public AttentionResult Forward(Tensor queries, AttentionMemory memory)
    {
        if (queries.Rank != 3 || queries.Size(2) != QuerySize || queries.Size(0) != memory.Batch)
            throw new ArgumentException($"{GetType().Name}: queries must be [{memory.Batch}, steps, {QuerySize}], got {ShapeUtil.Format(queries.ShapeSpan)}.", nameof(queries));
        var scores = Score(queries, memory.ScoringKeys);                    // [B, Tq, T]
        var weights = (scores + memory.MaskBias).Softmax(-1);               // padding -> exactly 0
        return new AttentionResult(Tensor.MatMul(weights, memory.Keys), weights);
    }

    /// <summary>The part of the score that depends on the keys only, computed once per source.</summary>
    protected virtual Tensor ProjectKeys(Tensor keys) => keys;

    /// <summary>Scores [B, Tq, T] of queries [B, Tq, Q] against projected keys [B, T, ·].</summary>
    protected abstract Tensor Score(Tensor queries, Tensor scoringKeys);

    protected override string ExtraRepr() => $"query_size={QuerySize}, key_size={KeySize}";
}

