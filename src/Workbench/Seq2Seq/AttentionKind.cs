namespace Workbench.Seq2Seq;

/// <summary>How a decoder state s (the query) is scored against each encoder output h (a key).</summary>
public enum AttentionKind
{
    /// <summary>No attention: the decoder sees the source only through its initial state.</summary>
    None,
    /// <summary>Bahdanau et al. (2015), "concat": score = vᵀ tanh(W_q s + W_k h).</summary>
    Additive,
    /// <summary>Luong et al. (2015) "dot": score = sᵀ h (query and key sizes must match).</summary>
    Dot,
    /// <summary>Luong et al. (2015) "general": score = sᵀ W h.</summary>
    General,
}
