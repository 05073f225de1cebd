using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>What the decoder returns for a block of steps.</summary>
/// <param name="Logits">[B, Ty, V] next-token scores at each step.</param>
/// <param name="Attention">[B, Ty, Ts] attention weights of each step (null without attention).</param>
/// <param name="H">Decoder hidden states after the last step, [L, B, H].</param>
/// <param name="C">LSTM memory cells after the last step (null otherwise).</param>
/// <param name="Feed">The attentional vector h̃ of the last step [B, H], fed into the next step with input
/// feeding (null otherwise).</param>
public sealed record DecoderOutput(Tensor Logits, Tensor? Attention, Tensor H, Tensor? C, Tensor? Feed);
