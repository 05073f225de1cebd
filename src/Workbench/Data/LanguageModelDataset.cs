namespace Workbench.Data;

/// <summary>A language-modelling corpus: one id stream per split and the field that made them.</summary>
public sealed class LanguageModelDataset(string name, string description, TextField field, int[] train, int[] valid, int[] test) : Dataset(name, description)
{
    public TextField Field { get; } = field;
    public int[] Train { get; } = train;
    public int[] Valid { get; } = valid;
    public int[] Test { get; } = test;

    /// <summary>The split's stream laid out for truncated BPTT ("train", "valid" or "test").</summary>
    public LanguageModelStream Stream(string split, int batchSize, int bptt) => new(Pick(split, Train, Valid, Test), batchSize, bptt);

    public override string ToString() =>
        $"{Name}: {Description}\n  tokens: train {Train.Length:N0}, valid {Valid.Length:N0}, test {Test.Length:N0}; vocabulary {Field.Vocab.Count:N0} ({Field.Tokenizer.Type})";
}
