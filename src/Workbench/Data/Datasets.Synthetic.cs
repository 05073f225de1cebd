using Workbench.Data.Synthetic;
using Workbench.Tensors;

namespace Workbench.Data;

public static partial class Datasets
{
    // Synthetic sets: generated from Generator(seed), then split 80/10/10 with the same seed.

    /// <summary>Human-readable dates to ISO dates, character level on both sides.</summary>
    public static SequenceDataset Dates(int count = 20_000, long seed = 0) =>
        Pairs("dates", "human-readable date -> ISO 8601", DateTask.Generate(count, new Generator(seed)), seed);

    /// <summary>English number words to German number words (0 .. 999,999), character level on both sides.</summary>
    public static SequenceDataset NumbersEnDe(int count = 20_000, long seed = 0, int max = NumberWordsTask.Max) =>
        Pairs("numbers-en-de", $"English number words -> German number words (0 .. {max:N0})", NumberWordsTask.Generate(count, new Generator(seed), max), seed);

    /// <summary>Copy a random letter string (character level).</summary>
    public static SequenceDataset Copy(int count = 10_000, long seed = 0, int minLength = 3, int maxLength = 10, int alphabetSize = 8) =>
        Pairs("copy", $"copy strings of {minLength}-{maxLength} letters", CopyTask.Copy(count, new Generator(seed), minLength, maxLength, alphabetSize), seed);

    /// <summary>Reverse a random letter string (character level).</summary>
    public static SequenceDataset Reverse(int count = 10_000, long seed = 0, int minLength = 3, int maxLength = 10, int alphabetSize = 8) =>
        Pairs("reverse", $"reverse strings of {minLength}-{maxLength} letters", CopyTask.Reverse(count, new Generator(seed), minLength, maxLength, alphabetSize), seed);

    static SequenceDataset Pairs(string name, string description, List<(string Source, string Target)> pairs, long seed) =>
        Build(name, description, pairs, seed, p => p.Source, FieldBuilder(TokenLevel.Char), p => p.Target, FieldBuilder(TokenLevel.Char));

    /// <summary>BIO named-entity tagging: source = words, target = one tag per word (no &lt;bos&gt;/&lt;eos&gt;, aligned).</summary>
    public static SequenceDataset Ner(int count = 10_000, long seed = 0, double ambiguousShare = 0.3) =>
        Build("ner", "BIO tagging (PER, LOC, ORG) with ambiguous sentence openers", NerTask.Generate(count, new Generator(seed), ambiguousShare), seed,
            s => string.Join(" ", s.Words), SpaceFieldBuilder(), s => string.Join(" ", s.Tags), SpaceFieldBuilder(), targetBosEos: false);

    /// <summary>Subject-verb agreement: source = the words before the verb, label 0 = "is" (singular), 1 = "are" (plural).</summary>
    public static SequenceDataset Agreement(int count = 10_000, long seed = 0, int minGap = 4, int maxGap = 16) =>
        Build("agreement", $"predict is/are after a gap of {minGap}-{maxGap}+ words", AgreementTask.Generate(count, new Generator(seed), minGap, maxGap), seed,
            e => e.Prefix, SpaceFieldBuilder(), label: e => e.Label, labels: ["singular (is)", "plural (are)"]);
}
