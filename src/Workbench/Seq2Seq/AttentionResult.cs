using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>What attention returns for a block of queries.</summary>
/// <param name="Context">[B, Tq, K]: the weighted average of the encoder outputs for each query.</param>
/// <param name="Weights">[B, Tq, T]: the attention distribution α of each query over source positions; each row
/// sums to 1 over the valid positions and is exactly 0 over padding.</param>
public sealed record AttentionResult(Tensor Context, Tensor Weights);
