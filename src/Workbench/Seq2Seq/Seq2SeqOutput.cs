using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>A training forward pass over a batch.</summary>
/// <param name="Logits">[B, Ty, V] scores of each target position.</param>
/// <param name="AttentionWeights">[B, Ty, Ts] attention of each target position over source positions, in the order the
/// encoder read them (reversed when the source is reversed); null without attention.</param>
/// <param name="DecoderInputs">The tokens actually fed to the decoder, [B, Ty] row-major: the start token, then per
/// step the gold token (teacher forcing) or the model's own argmax prediction.</param>
public sealed record Seq2SeqOutput(Tensor Logits, Tensor? AttentionWeights, int[] DecoderInputs);
