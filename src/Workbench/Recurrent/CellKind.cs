namespace Workbench.Recurrent;

/// <summary>
/// The recurrent cell families. One fused kernel serves them all; the kind only changes the number of
/// gate blocks per hidden unit and the few lines of gate arithmetic (see <see cref="Kernel.GateMath"/>).
/// </summary>
public enum CellKind
{
    /// <summary>Elman RNN, a&lt;t&gt; = tanh(W_ih x + b_ih + W_hh a&lt;t-1&gt; + b_hh).</summary>
    RnnTanh,
    /// <summary>Elman RNN with ReLU in place of tanh.</summary>
    RnnRelu,
    /// <summary>Gated recurrent unit, gate blocks r, z, n (PyTorch order).</summary>
    Gru,
    /// <summary>Long short-term memory, gate blocks i, f, g, o (PyTorch order).</summary>
    Lstm,
}

/// <summary>The elementwise activation of a vanilla RNN (torch.nn.RNN's nonlinearity argument).</summary>
public enum NonLinearity { Tanh, ReLU }

public static class CellKindExtensions
{
    /// <summary>Gate blocks stacked in the weights: weight_ih has GateCount * hidden_size rows.</summary>
    public static int GateCount(this CellKind kind) => kind switch
    {
        CellKind.Gru => 3,
        CellKind.Lstm => 4,
        _ => 1,
    };

    /// <summary>Whether the cell carries a second state (the LSTM memory cell c&lt;t&gt;).</summary>
    public static bool HasCellState(this CellKind kind) => kind == CellKind.Lstm;

    /// <summary>The PyTorch class name, used in messages and grad_fn names.</summary>
    public static string ModuleName(this CellKind kind) => kind switch
    {
        CellKind.Gru => "GRU",
        CellKind.Lstm => "LSTM",
        _ => "RNN",
    };
}
