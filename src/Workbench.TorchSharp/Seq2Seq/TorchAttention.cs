// The workbench's attention (src/Workbench/Seq2Seq/Attention.cs has the equations) on torch tensors. For output step t
// the decoder state s<t> (the query) scores every encoder activation a<t'> (the keys, also the values averaged):
//   additive  e<t,t'> = vᵀ tanh(W_q s<t> + W_k a<t'>)    dot  e<t,t'> = s<t>ᵀ a<t'>    general  e<t,t'> = s<t>ᵀ W a<t'>
//   α<t,t'> = masked softmax over t' (padding gets exactly 0),  c<t> = Σ_t' α<t,t'> a<t'>
// Shapes: queries [B, T_y, Q], keys [B, T_x, K], scores and weights [B, T_y, T_x], context [B, T_y, K].

using TorchSharp.Modules;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using static TorchSharp.torch;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>What attention returns for a block of queries: c&lt;t&gt;, α&lt;t,t'&gt; and e&lt;t,t'&gt; (see <see cref="AttentionResult"/>).</summary>
public sealed record TorchAttentionResult(Tensor Context, Tensor Weights, Tensor Scores);

/// <summary>
/// The encoder activations prepared once per source batch (<see cref="AttentionMemory"/> in the workbench): the keys
/// [B, T_x, K], the part of the score that depends on them only (W_k a for additive, W a for general, the keys for
/// dot), and the source padding as an additive bias [B, 1, T_x] (0 at valid positions, <see cref="AttentionMemory.MaskedScore"/> at padding).
/// </summary>
public sealed record TorchAttentionMemory(Tensor Keys, Tensor ScoringKeys, Tensor MaskBias, int[] Lengths)
{
    public long BatchSize => Keys.shape[0];

    /// <summary>The memory of rows <paramref name="rows"/> (repeats allowed), in that order (beam reordering).</summary>
    public TorchAttentionMemory Select(Tensor rows) => new(Keys.index_select(0, rows), ScoringKeys.index_select(0, rows),
        MaskBias.index_select(0, rows), rows.cpu().data<long>().ToArray().Select(r => Lengths[r]).ToArray());
}

/// <summary>
/// The workbench's <see cref="Attention"/> as a TorchSharp module, one module for the three scores, with the same
/// parameters and names: additive "W_q" [A, Q], "W_k" [A, K] and "v" [1, A]; general "W" [Q, K]; dot none (all
/// linear maps without bias).
/// </summary>
public sealed class TorchAttention : nn.Module<Tensor, TorchAttentionMemory, TorchAttentionResult>
{
    // Named as the state dict names them: TorchSharp also registers a module's Module-typed fields by field name.
    readonly Linear? W_q, W_k, v, W;

    public AttentionKind Kind { get; }
    public int QuerySize { get; }
    public int KeySize { get; }
    public int AttentionSize { get; }

    /// <summary>The structure of <paramref name="source"/> (its weights are copied by the model that owns both).</summary>
    internal TorchAttention(Attention source) : base(TorchRuntime.Loaded(nameof(TorchAttention)))
    {
        (Kind, QuerySize, KeySize, AttentionSize) = (source.Kind, source.QuerySize, source.KeySize, source.AttentionSize);
        switch (Kind)
        {
            case AttentionKind.Additive:
                register_module("W_q", W_q = nn.Linear(QuerySize, AttentionSize, hasBias: false));
                register_module("W_k", W_k = nn.Linear(KeySize, AttentionSize, hasBias: false));
                register_module("v", v = nn.Linear(AttentionSize, 1, hasBias: false));
                break;
            case AttentionKind.General:
                register_module("W", W = nn.Linear(KeySize, QuerySize, hasBias: false));
                break;
        }
    }

    /// <summary>Prepares the encoder activations <paramref name="keys"/> [B, T_x, K] of sequences with valid
    /// <paramref name="lengths"/> for any number of decoder steps.</summary>
    public TorchAttentionMemory Prepare(Tensor keys, int[] lengths)
    {
        if (keys.ndim != 3 || keys.shape[2] != KeySize || keys.shape[0] != lengths.Length)
            throw new ArgumentException($"attention: keys must be [{lengths.Length}, source_len, {KeySize}], got [{string.Join(", ", keys.shape)}].", nameof(keys));
        var scoringKeys = Kind switch
        {
            AttentionKind.Additive => W_k!.call(keys),     // W_k a<t'>
            AttentionKind.General => W!.call(keys),       // W a<t'>
            _ => keys,
        };
        using var bias = AttentionMemory.MaskBiasFor(lengths, (int)keys.shape[1]);
        return new TorchAttentionMemory(keys, scoringKeys, bias.ToTorch(keys.device), (int[])lengths.Clone());
    }

    /// <summary>The scores e&lt;t,t'&gt; [B, T_y, T_x] of <paramref name="queries"/> [B, T_y, Q] against the memory.</summary>
    public Tensor Score(Tensor queries, TorchAttentionMemory memory)
    {
        var k = memory.ScoringKeys;
        if (Kind != AttentionKind.Additive) return matmul(queries, k.transpose(1, 2));   // sᵀ a, sᵀ (W a)
        // vᵀ tanh(W_q s + W_k a) for every (query, key) pair: broadcast [B, T_y, 1, A] + [B, 1, T_x, A]
        long b = queries.shape[0], ty = queries.shape[1], tx = k.shape[1];
        var e = (W_q!.call(queries).reshape(b, ty, 1, AttentionSize) + k.reshape(b, 1, tx, AttentionSize)).tanh();
        return v!.call(e).reshape(b, ty, tx);
    }

    /// <summary>Scores, masked softmax and context of <paramref name="queries"/> [B, T_y, Q] over a prepared memory.</summary>
    public override TorchAttentionResult forward(Tensor queries, TorchAttentionMemory memory)
    {
        var scores = Score(queries, memory);                         // e<t,t'>
        var weights = (scores + memory.MaskBias).softmax(-1);       // α<t,t'>
        return new TorchAttentionResult(matmul(weights, memory.Keys), weights, scores);
    }
}
