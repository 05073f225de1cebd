namespace Workbench.Data;

/// <summary>
/// A dataset of encoded examples split into train, valid and test. <see cref="Source"/> encodes inputs;
/// <see cref="Target"/> (seq2seq, tagging, generation) encodes outputs; <see cref="Labels"/> names the classes of
/// a classification task. Convention: sources carry no &lt;bos&gt;/&lt;eos&gt;; seq2seq targets are
/// &lt;bos&gt; y &lt;eos&gt; (feed target[..^1] to the decoder, predict target[1..]); tagging targets align one to
/// one with the source.
/// </summary>
public sealed class SequenceDataset(string name, string description, TextField source, TextField? target,
    IReadOnlyList<string>? labels, Splits<SequenceExample> splits) : Dataset(name, description)
{
    public TextField Source { get; } = source;
    public TextField? Target { get; } = target;
    public IReadOnlyList<string>? Labels { get; } = labels;
    public Splits<SequenceExample> Splits { get; } = splits;
    public IReadOnlyList<SequenceExample> Train => Splits.Train;
    public IReadOnlyList<SequenceExample> Valid => Splits.Valid;
    public IReadOnlyList<SequenceExample> Test => Splits.Test;

    /// <summary>A loader over one split ("train", "valid" or "test"), padded with the source vocabulary's &lt;pad&gt; (id 0).</summary>
    public DataLoader Loader(string split, int batchSize, BatchOrder order = BatchOrder.Shuffle, long seed = 0, bool dropLast = false) =>
        new(Pick(split, Train, Valid, Test), batchSize, order, seed, Source.Vocab.PadId, dropLast);

    public override string ToString()
    {
        var s = $"{Name}: {Description}\n  examples: {Splits}; source vocabulary {Source.Vocab.Count:N0} ({Source.Tokenizer.Type})";
        if (Target is not null) s += $"; target vocabulary {Target.Vocab.Count:N0} ({Target.Tokenizer.Type})";
        if (Labels is not null) s += $"; labels {string.Join(", ", Labels)}";
        return s;
    }
}
