using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>A sentence with one BIO tag per word (B-X begins an entity of type X, I-X continues it, O is outside).</summary>
public sealed record TaggedSentence(string[] Words, string[] Tags)
{
    public override string ToString() => string.Join(" ", Words.Zip(Tags, (w, t) => t == "O" ? w : $"{w}/{t}"));
}

/// <summary>
/// BIO-tagged named-entity sentences (types PER, LOC, ORG) built from templates and small hard-coded gazetteers.
/// A share of the sentences (<c>ambiguousShare</c>) open with a word that can be several things — "Jordan" a person
/// or a country, "Apple" a company or a fruit, "May" a person or a month — and the words to its right are the only
/// clue. Left context is identical in every case (the sentence start), so a left-to-right tagger can only guess
/// while a bidirectional one can be right: the point of the task. Words are pre-tokenized (punctuation separate).
/// </summary>
public static class NerTask
{
    public static readonly IReadOnlyList<string> TagSet = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];

    static readonly string[] FirstNames = ["Anna", "James", "Maria", "David", "Sofia", "Peter", "Laura", "Daniel", "Emma", "Lucas",
        "Olivia", "Samuel", "Hannah", "Omar", "Grace", "Victor", "Nora", "Felix", "Alice", "Martin"];
    static readonly string[] Surnames = ["Smith", "Garcia", "Müller", "Okafor", "Rossi", "Nakamura", "Novak", "Larsen", "Silva",
        "Kowalski", "Brown", "Dubois", "Ivanova", "Cohen", "Haddad", "Johansson"];
    static readonly string[] Places = ["London", "Berlin", "Madrid", "New York", "Cairo", "Lima", "Oslo", "Nairobi", "Buenos Aires",
        "Kyoto", "Lisbon", "Toronto", "Hanoi", "Cape Town", "Vienna", "Dublin", "Chile", "Norway", "Kenya", "Peru"];
    static readonly string[] Orgs = ["Siemens", "the United Nations", "Toyota", "Oxfam", "the Red Cross", "Nokia", "Reuters",
        "the World Bank", "Unilever", "Greenpeace", "Airbus", "the BBC", "Interpol", "Lufthansa"];

    // "the" in "the United Nations" is tagged O: the entity is the proper name.
    static readonly string[] Plain =
    [
        "{PER} moved to {LOC} last year .",
        "{PER} works for {ORG} in {LOC} .",
        "{ORG} opened a new office in {LOC} .",
        "Yesterday {PER} met {PER} at the station .",
        "The report from {ORG} was read by {PER} .",
        "{PER} flew from {LOC} to {LOC} on Friday .",
        "According to {ORG} , prices in {LOC} rose again .",
        "She visited {LOC} with {PER} in the summer .",
        "{ORG} and {ORG} signed an agreement .",
        "Last week {PER} joined {ORG} as an engineer .",
    ];

    /// <summary>Ambiguous openers and, for each reading, right-hand continuations that settle it ("O" = not an entity).</summary>
    static readonly (string Word, (string Type, string[] Continuations)[] Readings)[] Ambiguous =
    [
        ("Jordan", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Paris", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Georgia", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Florence", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Washington", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Chelsea", [("PER", PersonContext), ("LOC", PlaceContext)]),
        ("Apple", [("ORG", CompanyContext), ("O", ["trees blossom early in the spring .", "pie is best served warm ."])]),
        ("Amazon", [("ORG", CompanyContext), ("LOC", ["floods the forest every rainy season .", "flows into the Atlantic Ocean ."])]),
        ("Jaguar", [("ORG", CompanyContext), ("O", ["sightings are rare in the dry season .", "cubs stay with their mother for two years ."])]),
        ("May", [("PER", PersonContext), ("O", ["is usually warm and dry .", "was the wettest month on record ."])]),
    ];

    static string[] PersonContext => ["said she would call her brother tonight .", "smiled and shook hands with {PER} .",
        "has two sisters and a dog .", "told reporters she was tired ."];
    static string[] PlaceContext => ["has a population of about three million people .", "lies on the banks of a wide river .",
        "borders {LOC} to the north .", "is famous for its old cathedral ."];
    static string[] CompanyContext => ["reported record profits this quarter .", "hired two hundred new engineers .",
        "announced a new chief executive .", "shares fell sharply on Monday ."];

    public static List<TaggedSentence> Generate(int count, Generator generator, double ambiguousShare = 0.3)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        if (ambiguousShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(ambiguousShare), ambiguousShare, "ambiguousShare must be in [0, 1].");
        var sentences = new List<TaggedSentence>(count);
        for (int i = 0; i < count; i++)
        {
            var words = new List<string>();
            var tags = new List<string>();
            string template;
            if (generator.NextDouble() < ambiguousShare)
            {
                var (word, readings) = Ambiguous[generator.NextInt(Ambiguous.Length)];
                var (type, continuations) = readings[generator.NextInt(readings.Length)];
                words.Add(word);
                tags.Add(type == "O" ? "O" : "B-" + type);
                template = continuations[generator.NextInt(continuations.Length)];
            }
            else template = Plain[generator.NextInt(Plain.Length)];
            Fill(template, words, tags, generator);
            if (words[0] == "the") words[0] = "The"; // an organisation's article opening the sentence
            sentences.Add(new TaggedSentence(words.ToArray(), tags.ToArray()));
        }
        return sentences;
    }

    static void Fill(string template, List<string> words, List<string> tags, Generator g)
    {
        foreach (var slot in template.Split(' '))
        {
            string? type = slot switch { "{PER}" => "PER", "{LOC}" => "LOC", "{ORG}" => "ORG", _ => null };
            if (type is null) { words.Add(slot); tags.Add("O"); continue; }
            string entity = type switch
            {
                "PER" => g.NextInt(2) == 0 ? FirstNames[g.NextInt(FirstNames.Length)]
                    : FirstNames[g.NextInt(FirstNames.Length)] + " " + Surnames[g.NextInt(Surnames.Length)],
                "LOC" => Places[g.NextInt(Places.Length)],
                _ => Orgs[g.NextInt(Orgs.Length)],
            };
            bool first = true;
            foreach (var w in entity.Split(' '))
            {
                if (w == "the") { words.Add(w); tags.Add("O"); continue; }
                words.Add(w);
                tags.Add((first ? "B-" : "I-") + type);
                first = false;
            }
        }
    }
}
