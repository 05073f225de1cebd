using Workbench.Tensors;

namespace Workbench.Recurrent;

/// <summary>
/// GRU cell (torch.nn.GRUCell). Gate blocks r, z, n; in the notes' notation (see <see cref="GRU"/> for the
/// two places where PyTorch differs from the textbook form):
/// Γr = σ(W_ir x + b_ir + W_hr a + b_hr); z = σ(W_iz x + b_iz + W_hz a + b_hz) = 1 - Γu;
/// c̃&lt;t&gt; = tanh(W_in x + b_in + Γr * (W_hn a + b_hn)); a&lt;t&gt; = (1 - z) * c̃&lt;t&gt; + z * a&lt;t-1&gt;.
/// </summary>
public sealed class GRUCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
    : RecurrentCell(CellKind.Gru, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x [B, input_size], a&lt;t-1&gt; [B, H] (zeros when null) to a&lt;t&gt; [B, H].</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        var a = CheckedState(x, h, "h");
        var (xi, hh) = Projections(x, a);
        var gammaR = (Block(xi, 0) + Block(hh, 0)).Sigmoid();
        var z = (Block(xi, 1) + Block(hh, 1)).Sigmoid();
        var candidate = (Block(xi, 2) + gammaR * Block(hh, 2)).Tanh();
        return candidate + z * (a - candidate);      // (1 - z) c̃ + z a<t-1>
    }
}
