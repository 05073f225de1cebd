using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// Gated recurrent unit layer (torch.nn.GRU, batch_first). Gate blocks in weight_ih/weight_hh rows: r, z, n.
/// In the notes' notation (a&lt;t&gt; = c&lt;t&gt; for a GRU):
/// <code>
/// Γr      = σ(W_ir x&lt;t&gt; + b_ir + W_hr a&lt;t-1&gt; + b_hr)                 reset (relevance) gate, PyTorch r
/// z       = σ(W_iz x&lt;t&gt; + b_iz + W_hz a&lt;t-1&gt; + b_hz)                 PyTorch's update gate; Γu = 1 - z
/// c̃&lt;t&gt;   = tanh(W_in x&lt;t&gt; + b_in + Γr * (W_hn a&lt;t-1&gt; + b_hn))       candidate, PyTorch n
/// a&lt;t&gt;   = Γu * c̃&lt;t&gt; + (1 - Γu) * a&lt;t-1&gt;  =  (1 - z) * n + z * a&lt;t-1&gt;
/// </code>
/// Two differences from the notes' textbook form: the reset gate multiplies W_hn a&lt;t-1&gt; + b_hn rather
/// than a&lt;t-1&gt; before the product, and PyTorch's z keeps the old state where the notes' Γu takes the new one.
/// </summary>
public sealed class GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool bidirectional = false,
    float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(CellKind.Gru, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, generator);
