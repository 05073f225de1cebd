using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>A subject-verb agreement item: the words before the verb, the right and the wrong verb, the
/// subject's number, and how many words separate subject noun and verb.</summary>
public sealed record AgreementExample(string Prefix, string Verb, string WrongVerb, bool PluralSubject, int Gap, int Attractors)
{
    /// <summary>0 = singular subject ("is"), 1 = plural ("are").</summary>
    public int Label => PluralSubject ? 1 : 0;
    public string Sentence => $"{Prefix} {Verb} {Ending}";
    internal string Ending { get; init; } = "";
}

/// <summary>
/// Subject-verb agreement across a long gap (after Linzen et al. 2016): "the dog near the old bridges that the
/// farmers own ... is hungry". The subject noun is singular or plural with equal probability; between it and
/// its verb come prepositional phrases and relative clauses whose own nouns ("attractors") have random number
/// and whose own verbs agree correctly within the clause. The model reads the prefix and must predict "is" or
/// "are": the nearest noun is no guide, only memory of the subject is. The gap (words between subject noun and
/// verb) is at least the requested minimum and below minGap + 6.
/// </summary>
public static class AgreementTask
{
    static readonly (string Singular, string Plural)[] Nouns = [("dog", "dogs"), ("cat", "cats"), ("teacher", "teachers"),
        ("farmer", "farmers"), ("child", "children"), ("sailor", "sailors"), ("bird", "birds"), ("doctor", "doctors"),
        ("king", "kings"), ("horse", "horses"), ("fox", "foxes"), ("woman", "women")];
    static readonly (string Singular, string Plural)[] Verbs = [("likes", "like"), ("sees", "see"), ("owns", "own"),
        ("watches", "watch"), ("knows", "know"), ("paints", "paint")];
    static readonly string[] Adjectives = ["old", "small", "red", "quiet", "tall", "green"];
    static readonly string[] Prepositions = ["near", "behind", "with", "beside", "under"];
    static readonly string[] Endings = ["hungry .", "here .", "very old .", "in the garden .", "asleep ."];

    public static List<AgreementExample> Generate(int count, Generator generator, int minGap = 4, int maxGap = 16)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        if (minGap < 0 || maxGap < minGap) throw new ArgumentOutOfRangeException(nameof(minGap), $"Need 0 <= minGap <= maxGap; got {minGap} and {maxGap}.");
        var g = generator;
        var examples = new List<AgreementExample>(count);
        for (int i = 0; i < count; i++)
        {
            bool plural = g.NextInt(2) == 1;
            int target = minGap + g.NextInt(maxGap - minGap + 1);
            var words = new List<string> { "the", Pick(Nouns, g, plural) };
            int gap = 0, attractors = 0;
            while (gap < target)
            {
                bool attractorPlural = g.NextInt(2) == 1;
                attractors += attractorPlural != plural ? 1 : 0;
                string noun = Pick(Nouns, g, attractorPlural);
                string[] phrase = g.NextInt(2) == 0
                    ? [Prepositions[g.NextInt(Prepositions.Length)], "the", Adjectives[g.NextInt(Adjectives.Length)], noun]
                    : ["that", "the", noun, Pick(Verbs, g, attractorPlural)];
                words.AddRange(phrase);
                gap += phrase.Length;
            }
            examples.Add(new AgreementExample(string.Join(" ", words), plural ? "are" : "is", plural ? "is" : "are", plural, gap, attractors)
            { Ending = Endings[g.NextInt(Endings.Length)] });
        }
        return examples;
    }

    static string Pick((string Singular, string Plural)[] items, Generator g, bool plural)
    {
        var item = items[g.NextInt(items.Length)];
        return plural ? item.Plural : item.Singular;
    }
}
