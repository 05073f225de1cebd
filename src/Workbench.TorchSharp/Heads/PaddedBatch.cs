// The one place that names the padded-batch type the heads take. Until the seq2seq refactor unifies
// Seq2Seq.PaddedSequences with Data.SequenceBatch, that is PaddedSequences, as for the workbench's heads; after it,
// change the alias (and, if the members are renamed, the three lines of PaddedBatches below).
global using PaddedBatch = Workbench.Seq2Seq.PaddedSequences;

namespace Workbench.TorchSharp.Heads;

/// <summary>What the torch heads read from a padded batch.</summary>
static class PaddedBatches
{
    /// <summary>Row-major [Batch, Time] ids, padding after each row's valid tokens, and each row's valid length.</summary>
    public static (int[] Ids, int Batch, int Time, int[] Lengths) Layout(this PaddedBatch x) => (x.Ids, x.Batch, x.Time, x.Lengths);

    public static PaddedBatch Pad(IReadOnlyList<int[]> sequences, int padId) => PaddedBatch.Pad(sequences, padId);

    /// <summary>Each row's valid tokens reversed in place, padding left at the end.</summary>
    public static PaddedBatch ReverseValid(this PaddedBatch x) => x.ReverseValid();
}
