using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// What a recurrent sequence layer returns (TorchSharp's (output, h_n[, c_n]) tuple, deconstructible the same way).
/// </summary>
/// <param name="Output">[batch, seq_len, num_directions * hidden_size]: the top layer's hidden state at every
/// step, directions concatenated (forward first); zero at padded steps.</param>
/// <param name="HN">[num_layers * num_directions, batch, hidden_size]: each sequence's final hidden state per
/// layer and direction (row l * num_directions + d), taken at its own last valid step.</param>
/// <param name="CN">The LSTM's final memory cells, same shape as <paramref name="HN"/>; null for RNN and GRU.</param>
public sealed record RecurrentResult(Tensor Output, Tensor HN, Tensor? CN);
