using Workbench.Data;

namespace Workbench.Seq2Seq;

/// <summary>Bridges the data loader's batches to the models' input type, so a training loop over
/// <see cref="DataLoader"/> can feed a tagger, classifier or seq2seq encoder directly.</summary>
public static class SequenceBatchPadding
{
    /// <summary>The same ids, shape, lengths and pad id as a <see cref="PaddedSequences"/> (no copy of the ids).</summary>
    public static PaddedSequences ToPadded(this SequenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new PaddedSequences(batch.Ids, batch.BatchSize, batch.Length, batch.Lengths, batch.PadId);
    }

    /// <summary>The valid (unpadded) ids of every row, in row order: per-token targets for a tagger's loss.</summary>
    public static int[][] Rows(this SequenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Enumerable.Range(0, batch.BatchSize).Select(batch.Row).ToArray();
    }
}
