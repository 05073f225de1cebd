using static TorchSharp.torch;

namespace Workbench.TorchSharp.LanguageModels;

/// <summary>The recurrent state carried between windows and decoding steps: a&lt;t&gt; (and c&lt;t&gt; for an LSTM),
/// each [num_layers, batch, hidden] on the model's device. Disposing it frees the native memory now rather than at
/// the next garbage collection.</summary>
public sealed record TorchLanguageModelState(Tensor H, Tensor? C) : IDisposable
{
    /// <summary>Same values, no history: truncated BPTT carries the state into the next window but cuts the graph.</summary>
    public TorchLanguageModelState Detach() => new(H.detach(), C?.detach());

    /// <summary>Keeps the state past the current dispose scope (a training or decoding step).</summary>
    public TorchLanguageModelState MoveToOuterDisposeScope() => new(H.MoveToOuterDisposeScope(), C?.MoveToOuterDisposeScope());

    /// <summary>The state of the given batch rows (beams), in that order.</summary>
    public TorchLanguageModelState Select(int[] rows)
    {
        using var index = tensor(rows.Select(r => (long)r).ToArray(), ScalarType.Int64, H.device);
        return new(H.index_select(1, index), C?.index_select(1, index));
    }

    public void Dispose()
    {
        H.Dispose();
        C?.Dispose();
    }
}
