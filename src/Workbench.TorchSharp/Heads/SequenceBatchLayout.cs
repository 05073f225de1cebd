using Workbench.Data;

namespace Workbench.TorchSharp.Heads;

/// <summary>What the torch heads read from a padded batch, as one tuple.</summary>
static class SequenceBatchLayout
{
    /// <summary>Row-major [Batch, Time] ids, padding after each row's valid tokens, and each row's valid length.</summary>
    public static (int[] Ids, int Batch, int Time, int[] Lengths) Layout(this SequenceBatch x) => (x.Ids, x.BatchSize, x.Length, x.Lengths);
}
