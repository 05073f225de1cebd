using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Long short-term memory layer (torch.nn.LSTM, batch_first). Gate blocks in weight_ih/weight_hh rows: i, f, g, o.
/// In the notes' notation:
/// <code>
/// Γu     = σ(W_ii x&lt;t&gt; + b_ii + W_hi a&lt;t-1&gt; + b_hi)     update (input) gate, PyTorch i
/// Γf     = σ(W_if x&lt;t&gt; + b_if + W_hf a&lt;t-1&gt; + b_hf)     forget gate, f
/// c̃&lt;t&gt;  = tanh(W_ig x&lt;t&gt; + b_ig + W_hg a&lt;t-1&gt; + b_hg)  candidate cell, g
/// Γo     = σ(W_io x&lt;t&gt; + b_io + W_ho a&lt;t-1&gt; + b_ho)     output gate, o
/// c&lt;t&gt;   = Γu * c̃&lt;t&gt; + Γf * c&lt;t-1&gt;                         memory cell (c_n at the last step)
/// a&lt;t&gt;   = Γo * tanh(c&lt;t&gt;)                                   hidden state (output, h_n at the last step)
/// </code>
/// </summary>
public sealed class LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool bidirectional = false,
    float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(CellKind.Lstm, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator);
