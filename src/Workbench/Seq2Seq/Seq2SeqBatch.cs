using Workbench.Data;
namespace Workbench.Seq2Seq;

/// <summary>Source and target sequences of a batch. <see cref="Target"/> rows are the target tokens followed by
/// the end token (what the decoder must produce); the decoder's inputs are the start token and then the
/// target shifted right by one.</summary>
public sealed record Seq2SeqBatch(SequenceBatch Source, SequenceBatch Target)
{
    /// <summary>Pads sources and targets (appending <paramref name="eosId"/> to every target).</summary>
    public static Seq2SeqBatch Create(IReadOnlyList<(int[] Source, int[] Target)> pairs, int padId, int eosId) => new(
        SequenceBatch.Pad(pairs.Select(p => p.Source).ToArray(), padId),
        SequenceBatch.Pad(pairs.Select(p => p.Target).ToArray(), padId, append: eosId));

    public int BatchSize => Source.BatchSize;

    /// <summary>Number of target tokens the loss counts (end tokens included, padding not).</summary>
    public int TargetTokens => Target.Lengths.Sum();
}
