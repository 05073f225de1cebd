using System.Globalization;
using Workbench.Data.Synthetic;
using Workbench.Tensors;

namespace Workbench.Tests.Data;

/// <summary>
/// Each synthetic task read back by an independent reader written from the task's specification: number words
/// parsed back to their number in both languages, dates checked against .NET's invariant-culture formatting,
/// NER sentences re-derived from their templates and gazetteers, adding and copy examples checked position by
/// position. The word lists here are the specification; a changed word, rule or range in a generator fails.
/// </summary>
public class SyntheticReadersTests
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ---------------- number words ----------------

    static readonly string[] EnglishSmall = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    static readonly string[] EnglishTens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    static readonly string[] GermanSmall = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"];
    static readonly string[] GermanTens = ["zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"];

    /// <summary>Reads British English number words: "and" only where a part below 100 follows "hundred" or
    /// "thousand", hyphens only between a tens word and a unit.</summary>
    static int ReadEnglish(string text)
    {
        if (text == "zero") return 0;
        int total = 0, group = 0;
        string previous = "";
        foreach (var word in text.Split(' '))
        {
            if (word == "and")
                Assert.True(previous is "hundred" or "thousand", $"'and' after '{previous}' in '{text}'");
            else if (word == "hundred") { Assert.InRange(group, 1, 9); group *= 100; }
            else if (word == "thousand") { Assert.InRange(group, 1, 999); total = group * 1000; group = 0; }
            else
            {
                var parts = word.Split('-');
                if (parts.Length == 2)
                {
                    Assert.Contains(parts[0], EnglishTens);
                    int unit = Array.IndexOf(EnglishSmall, parts[1]);
                    Assert.InRange(unit, 1, 9);
                    group += 20 + 10 * Array.IndexOf(EnglishTens, parts[0]) + unit;
                }
                else
                {
                    int small = Array.IndexOf(EnglishSmall, word), tens = Array.IndexOf(EnglishTens, word);
                    Assert.True(small > 0 || tens >= 0, $"'{word}' is not a number word ('{text}')");
                    group += small > 0 ? small : 20 + 10 * tens;
                }
            }
            previous = word;
        }
        return total + group;
    }

    /// <summary>Reads written German number words: [x tausend][y hundert][units und tens | 1..19 | tens], with "ein"
    /// before hundert/tausend and inside a compound, "eins" only as the very last part.</summary>
    static int ReadGerman(string text)
    {
        if (text == "null") return 0;
        int t = text.IndexOf("tausend", StringComparison.Ordinal);
        int thousands = t < 0 ? 0 : ReadGermanBelow1000(text[..t], last: false);
        if (t >= 0) Assert.InRange(thousands, 1, 999);
        string rest = t < 0 ? text : text[(t + "tausend".Length)..];
        return thousands * 1000 + (rest.Length == 0 ? 0 : ReadGermanBelow1000(rest, last: true));
    }

    static int ReadGermanBelow1000(string text, bool last)
    {
        int hundreds = 0, h = text.IndexOf("hundert", StringComparison.Ordinal);
        if (h >= 0)
        {
            hundreds = GermanStem(text[..h]);
            text = text[(h + "hundert".Length)..];
        }
        if (text.Length == 0) { Assert.InRange(hundreds, 1, 9); return hundreds * 100; }
        if (text == "eins") { Assert.True(last, "'eins' before tausend"); return hundreds * 100 + 1; }
        if (text == "ein") { Assert.False(last, "'ein' at the end of a number"); return hundreds * 100 + 1; }
        int small = Array.IndexOf(GermanSmall, text);
        if (small >= 2) return hundreds * 100 + small;
        int und = text.IndexOf("und", StringComparison.Ordinal);
        int tens = Array.IndexOf(GermanTens, und < 0 ? text : text[(und + 3)..]);
        Assert.True(tens >= 0, $"'{text}' is not a German number below 100");
        return hundreds * 100 + 20 + 10 * tens + (und < 0 ? 0 : GermanStem(text[..und]));
    }

    /// <summary>A unit before "und", "hundert" or "tausend": "ein" for one, else the unit's own word.</summary>
    static int GermanStem(string word)
    {
        if (word == "ein") return 1;
        int unit = Array.IndexOf(GermanSmall, word);
        Assert.True(unit is >= 2 and <= 9, $"'{word}' is not a unit stem");
        return unit;
    }

    /// <summary>How many "and"s British English puts in n: one inside each group with hundreds and a rest, one
    /// before a last part below 100 that follows "thousand".</summary>
    static int EnglishAnds(int n)
    {
        int thousands = n / 1000, rest = n % 1000;
        int ands = thousands / 100 > 0 && thousands % 100 > 0 ? 1 : 0;
        if (rest / 100 > 0 && rest % 100 > 0) ands++;
        if (thousands > 0 && rest is > 0 and < 100) ands++;
        return ands;
    }

    static IEnumerable<int> NumbersToRead()
    {
        for (int n = 0; n < 2_100; n++) yield return n;
        for (int k = 1; k <= 999; k++) { yield return k * 1000; yield return k * 1000 + 1; yield return k * 1000 + 999; }
        var g = new Generator(17);
        for (int i = 0; i < 5_000; i++) yield return g.NextInt(NumberWordsTask.Max + 1);
        yield return NumberWordsTask.Max;
    }

    [Fact]
    public void NumberWordsReadBackToTheirNumberInBothLanguages()
    {
        foreach (int n in NumbersToRead())
        {
            string en = NumberWordsTask.English(n), de = NumberWordsTask.German(n);
            Assert.True(ReadEnglish(en) == n, $"{n}: '{en}' reads as {ReadEnglish(en)}");
            Assert.True(ReadGerman(de) == n, $"{n}: '{de}' reads as {ReadGerman(de)}");
            Assert.True(en.Split(' ').Count(w => w == "and") == EnglishAnds(n), $"{n}: '{en}'");
            Assert.DoesNotContain(' ', de);
            Assert.Equal(n % 100 == 1, de.EndsWith("eins", StringComparison.Ordinal));   // "einundzwanzig", but "hunderteins"
        }
    }

    [Fact]
    public void NumberWordsRefuseNumbersOutsideTheirRange()
    {
        foreach (int n in new[] { -1, NumberWordsTask.Max + 1 })
        {
            Assert.StartsWith("Number words are defined for 0 .. 999999.", Assert.Throws<ArgumentOutOfRangeException>(() => NumberWordsTask.English(n)).Message);
            Assert.StartsWith("Number words are defined for 0 .. 999999.", Assert.Throws<ArgumentOutOfRangeException>(() => NumberWordsTask.German(n)).Message);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberWordsTask.Generate(1, new Generator(0), max: NumberWordsTask.Max + 1));
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => NumberWordsTask.Generate(-1, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => NumberWordsTask.Generate(1, null!));
        Assert.Empty(NumberWordsTask.Generate(0, new Generator(0)));
    }

    [Fact]
    public void NumberPairsDrawTheDigitCountUniformlyThenTheNumberWithinIt()
    {
        var pairs = NumberWordsTask.Generate(6_000, new Generator(3));
        Assert.Equal(6_000, pairs.Count);
        var numbers = pairs.Select(p => ReadEnglish(p.Source)).ToList();
        Assert.Equal(numbers, pairs.Select(p => ReadGerman(p.Target)));
        foreach (var byDigits in numbers.GroupBy(n => n.ToString(Inv).Length))
            Assert.InRange(byDigits.Count(), 850, 1_150);   // 1,000 expected for each of 1..6 digits
        Assert.Equal(6, numbers.Select(n => n.ToString(Inv).Length).Distinct().Count());
        Assert.Contains(0, numbers);
        Assert.Contains(9, numbers);
        Assert.InRange(numbers.Max(), 990_000, NumberWordsTask.Max);

        // A smaller max caps the last digit count and keeps its lower end.
        var capped = NumberWordsTask.Generate(3_000, new Generator(4), max: 150).Select(p => ReadGerman(p.Target)).ToList();
        Assert.All(capped, n => Assert.InRange(n, 0, 150));
        Assert.Contains(150, capped);
        Assert.Contains(100, capped);
        Assert.Contains(10, capped);
        Assert.InRange(capped.Count(n => n >= 100), 850, 1_150);
        Assert.Equal(Enumerable.Range(0, 6), NumberWordsTask.Generate(300, new Generator(5), max: 5).Select(p => ReadEnglish(p.Source)).Distinct().Order());
    }

    // ---------------- dates ----------------

    static string Ordinal(int day) => day + (day switch { 1 or 21 or 31 => "st", 2 or 22 => "nd", 3 or 23 => "rd", _ => "th" });

    /// <summary>The ten formats, written with .NET's invariant culture (English month and day names).</summary>
    static string[] InvariantForms(DateOnly d) =>
    [
        d.ToString("d MMMM yyyy", Inv),
        d.ToString("MMMM d, yyyy", Inv),
        d.ToString("dddd, d MMMM yyyy", Inv),
        d.ToString("dddd, MMMM d, yyyy", Inv),
        Ordinal(d.Day) + d.ToString(" 'of' MMMM yyyy", Inv),
        d.ToString("d MMM yyyy", Inv),
        d.ToString("MMM d yyyy", Inv),
        d.ToString("d MMMM yyyy", Inv).ToLowerInvariant(),
        d.ToString("dd.MM.yyyy", Inv),
        d.ToString("yyyy MMMM d", Inv),
    ];

    [Fact]
    public void EveryDateFormatMatchesTheInvariantCulture()
    {
        Assert.Equal(10, DateTask.FormatCount);
        var days = Enumerable.Range(0, 366).Select(i => new DateOnly(2024, 1, 1).AddDays(i))
            .Concat([new DateOnly(1950, 1, 1), new DateOnly(2049, 12, 31), new DateOnly(1999, 9, 9), new DateOnly(2000, 2, 29)]);
        foreach (var d in days)
        {
            Assert.Equal(d.ToString("yyyy-MM-dd", Inv), DateTask.Iso(d));
            var expected = InvariantForms(d);
            for (int f = 0; f < DateTask.FormatCount; f++) Assert.Equal(expected[f], DateTask.Human(d, f));
        }
        foreach (int bad in new[] { -1, 10 })
            Assert.StartsWith("Format must be in [0, 10).", Assert.Throws<ArgumentOutOfRangeException>(() => DateTask.Human(new DateOnly(2000, 1, 1), bad)).Message);
    }

    [Fact]
    public void GeneratedDatesCoverTheCenturyInEveryFormat()
    {
        var pairs = DateTask.Generate(20_000, new Generator(8));
        Assert.Equal(20_000, pairs.Count);
        var formats = new int[DateTask.FormatCount];
        var dates = new List<DateOnly>();
        foreach (var (human, iso) in pairs)
        {
            var d = DateOnly.ParseExact(iso, "yyyy-MM-dd", Inv);
            int f = Array.IndexOf(InvariantForms(d), human);
            Assert.True(f >= 0, $"'{human}' is not a form of {iso}");
            formats[f]++;
            dates.Add(d);
        }
        Assert.All(formats, c => Assert.InRange(c, 1_700, 2_300));   // 2,000 expected each
        Assert.InRange(dates.Min(), new DateOnly(1950, 1, 1), new DateOnly(1950, 2, 1));
        Assert.InRange(dates.Max(), new DateOnly(2049, 12, 1), new DateOnly(2049, 12, 31));
        Assert.InRange(dates.Count(d => d.Year < 2000), 9_500, 10_500);
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => DateTask.Generate(-1, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => DateTask.Generate(1, null!));
    }

    [Fact]
    public void TheFirstAndLastDayOfTheCenturyAreBothDrawn()
    {
        // 36,524 days: 300,000 draws miss a given day with probability e^-8.2; with this seed both ends occur.
        var isos = DateTask.Generate(300_000, new Generator(1)).Select(p => p.Target).ToHashSet();
        Assert.Contains("1950-01-01", isos);
        Assert.Contains("2049-12-31", isos);
        Assert.DoesNotContain("1949-12-31", isos);
        Assert.DoesNotContain("2050-01-01", isos);
    }

    [Fact]
    public void EveryGeneratorGivesExactlyTheCountAskedIncludingNone()
    {
        var g = new Generator(0);
        Assert.Empty(DateTask.Generate(0, g));
        Assert.Empty(NerTask.Generate(0, g));
        Assert.Empty(AddingTask.Generate(0, 4, g));
        Assert.Empty(CopyTask.Copy(0, g));
        Assert.Empty(CopyTask.Reverse(0, g));
        Assert.Empty(AgreementTask.Generate(0, g));
        foreach (int n in new[] { 1, 7 })
        {
            Assert.Equal(n, DateTask.Generate(n, g).Count);
            Assert.Equal(n, NerTask.Generate(n, g).Count);
            Assert.Equal(n, AddingTask.Generate(n, 4, g).Count);
            Assert.Equal(n, CopyTask.Copy(n, g).Count);
            Assert.Equal(n, AgreementTask.Generate(n, g).Count);
            Assert.Equal(n, NumberWordsTask.Generate(n, g).Count);
        }
    }

    [Fact]
    public void AgreementGapsReachTheirMaximumAndBadGapsAreRefused()
    {
        // Phrases are four words, so a drawn target of 5..8 words gives a gap of 8 and only a target of 9 gives 12.
        var gaps = AgreementTask.Generate(400, new Generator(3), minGap: 5, maxGap: 9).Select(e => e.Gap).ToHashSet();
        Assert.Equal([8, 12], gaps.Order());
        Assert.All(AgreementTask.Generate(50, new Generator(3), minGap: 3, maxGap: 3), e => Assert.Equal(4, e.Gap));
        Assert.All(AgreementTask.Generate(50, new Generator(3), minGap: 0, maxGap: 0), e => Assert.Equal(0, e.Gap));
        foreach (var (min, max) in new[] { (-1, 4), (5, 4), (-2, -3) })
            Assert.StartsWith($"Need 0 <= minGap <= maxGap; got {min} and {max}.",
                Assert.Throws<ArgumentOutOfRangeException>(() => AgreementTask.Generate(1, new Generator(0), min, max)).Message);
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => AgreementTask.Generate(-1, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => AgreementTask.Generate(1, null!));
    }

    // ---------------- named entities ----------------

    static readonly string[] FirstNames = ["Anna", "James", "Maria", "David", "Sofia", "Peter", "Laura", "Daniel", "Emma", "Lucas",
        "Olivia", "Samuel", "Hannah", "Omar", "Grace", "Victor", "Nora", "Felix", "Alice", "Martin"];
    static readonly string[] Surnames = ["Smith", "Garcia", "Müller", "Okafor", "Rossi", "Nakamura", "Novak", "Larsen", "Silva",
        "Kowalski", "Brown", "Dubois", "Ivanova", "Cohen", "Haddad", "Johansson"];
    static readonly string[] Places = ["London", "Berlin", "Madrid", "New York", "Cairo", "Lima", "Oslo", "Nairobi", "Buenos Aires",
        "Kyoto", "Lisbon", "Toronto", "Hanoi", "Cape Town", "Vienna", "Dublin", "Chile", "Norway", "Kenya", "Peru"];
    static readonly string[] Organisations = ["Siemens", "the United Nations", "Toyota", "Oxfam", "the Red Cross", "Nokia", "Reuters",
        "the World Bank", "Unilever", "Greenpeace", "Airbus", "the BBC", "Interpol", "Lufthansa"];
    static readonly string[] PlainTemplates =
    [
        "{PER} moved to {LOC} last year .", "{PER} works for {ORG} in {LOC} .", "{ORG} opened a new office in {LOC} .",
        "Yesterday {PER} met {PER} at the station .", "The report from {ORG} was read by {PER} .", "{PER} flew from {LOC} to {LOC} on Friday .",
        "According to {ORG} , prices in {LOC} rose again .", "She visited {LOC} with {PER} in the summer .", "{ORG} and {ORG} signed an agreement .",
        "Last week {PER} joined {ORG} as an engineer .",
    ];
    static readonly string[] Person = ["said she would call her brother tonight .", "smiled and shook hands with {PER} .", "has two sisters and a dog .", "told reporters she was tired ."];
    static readonly string[] Place = ["has a population of about three million people .", "lies on the banks of a wide river .", "borders {LOC} to the north .", "is famous for its old cathedral ."];
    static readonly string[] Company = ["reported record profits this quarter .", "hired two hundred new engineers .", "announced a new chief executive .", "shares fell sharply on Monday ."];
    static readonly Dictionary<(string Opener, string Reading), string[]> Openers = new()
    {
        [("Jordan", "PER")] = Person, [("Jordan", "LOC")] = Place, [("Paris", "PER")] = Person, [("Paris", "LOC")] = Place,
        [("Georgia", "PER")] = Person, [("Georgia", "LOC")] = Place, [("Florence", "PER")] = Person, [("Florence", "LOC")] = Place,
        [("Washington", "PER")] = Person, [("Washington", "LOC")] = Place, [("Chelsea", "PER")] = Person, [("Chelsea", "LOC")] = Place,
        [("Apple", "ORG")] = Company, [("Apple", "O")] = ["trees blossom early in the spring .", "pie is best served warm ."],
        [("Amazon", "ORG")] = Company, [("Amazon", "LOC")] = ["floods the forest every rainy season .", "flows into the Atlantic Ocean ."],
        [("Jaguar", "ORG")] = Company, [("Jaguar", "O")] = ["sightings are rare in the dry season .", "cubs stay with their mother for two years ."],
        [("May", "PER")] = Person, [("May", "O")] = ["is usually warm and dry .", "was the wettest month on record ."],
    };

    /// <summary>One sentence read back: its template (entities replaced by {TYPE}), the opener's reading when it
    /// has an ambiguous opener, and the entities it names. Asserts the tags and the gazetteers on the way.</summary>
    static (string Template, (string Opener, string Reading)? Ambiguous, List<(string Type, string Text)> Entities) ReadNer(TaggedSentence s)
    {
        Assert.Equal(s.Words.Length, s.Tags.Length);
        var slots = new List<string>();
        var entities = new List<(string, string)>();
        (string, string)? ambiguous = null;
        int start = 0;
        if (Openers.Keys.Any(k => k.Opener == s.Words[0]))
        {
            string reading = s.Tags[0] == "O" ? "O" : s.Tags[0][2..];
            Assert.True(s.Tags[0] == "O" || s.Tags[0].StartsWith("B-", StringComparison.Ordinal), s.ToString());
            Assert.True(s.Words.Length < 2 || !s.Tags[1].StartsWith("I-", StringComparison.Ordinal), $"an opener is one word: {s}");
            ambiguous = (s.Words[0], reading);
            start = 1;
        }
        for (int i = start; i < s.Words.Length;)
        {
            string tag = s.Tags[i];
            if (tag == "O")
            {
                bool article = s.Words[i] is "the" or "The" && i + 1 < s.Words.Length && s.Tags[i + 1] == "B-ORG"
                    && Organisations.Contains("the " + string.Join(" ", s.Words[(i + 1)..].TakeWhile((_, k) => k == 0 || s.Tags[i + 1 + k] == "I-ORG")));
                if (!article) slots.Add(s.Words[i]);
                i++;
                continue;
            }
            Assert.StartsWith("B-", tag);
            string type = tag[2..];
            int end = i + 1;
            while (end < s.Words.Length && s.Tags[end] == "I-" + type) end++;
            string text = string.Join(" ", s.Words[i..end]);
            bool known = type switch
            {
                "PER" => FirstNames.Contains(text) || (end - i == 2 && FirstNames.Contains(s.Words[i]) && Surnames.Contains(s.Words[i + 1])),
                "LOC" => Places.Contains(text),
                "ORG" => Organisations.Contains(text) || Organisations.Contains("the " + text) && i > 0 && s.Words[i - 1] is "the" or "The",
                _ => false,
            };
            Assert.True(known, $"'{text}' is not a {type} of the gazetteers: {s}");
            entities.Add((type, text));
            slots.Add("{" + type + "}");
            i = end;
        }
        return (string.Join(" ", slots), ambiguous, entities);
    }

    [Fact]
    public void NerSentencesAreTheirTemplatesFilledFromTheGazetteers()
    {
        var sentences = NerTask.Generate(4_000, new Generator(31));
        var templates = new HashSet<string>();
        var readings = new HashSet<(string, string, string)>();
        var names = new HashSet<string>();
        bool fullName = false, firstNameOnly = false;
        int ambiguousCount = 0;
        foreach (var s in sentences)
        {
            var (template, ambiguous, entities) = ReadNer(s);
            Assert.DoesNotContain("the", s.Words.Take(1));
            if (ambiguous is { } a)
            {
                ambiguousCount++;
                Assert.Contains(template, Openers[a]);
                readings.Add((a.Opener, a.Reading, template));
            }
            else
            {
                Assert.Contains(template, PlainTemplates);
                templates.Add(template);
            }
            foreach (var (type, text) in entities)
            {
                names.UnionWith(text.Split(' '));
                if (type == "PER") { fullName |= text.Contains(' '); firstNameOnly |= !text.Contains(' '); }
                if (type == "ORG" && Organisations.Contains("the " + text)) names.Add("the " + text);
            }
        }
        Assert.Equal(PlainTemplates.Order(), templates.Order());
        Assert.Equal(Openers.Sum(o => o.Value.Length), readings.Count);
        Assert.True(fullName && firstNameOnly);
        Assert.Superset(new HashSet<string>([.. FirstNames, .. Surnames, .. Places.SelectMany(p => p.Split(' ')), .. Organisations]), names);
        Assert.InRange(ambiguousCount, 1_080, 1_320);   // 30 % of 4,000 = 1,200
    }

    [Fact]
    public void TheAmbiguousShareIsTheShareOfSentencesWithAnAmbiguousOpener()
    {
        Assert.All(NerTask.Generate(500, new Generator(2), ambiguousShare: 0), s => Assert.Null(ReadNer(s).Ambiguous));
        Assert.All(NerTask.Generate(500, new Generator(2), ambiguousShare: 1), s => Assert.NotNull(ReadNer(s).Ambiguous));
        foreach (double bad in new[] { -0.01, 1.01 })
            Assert.StartsWith("ambiguousShare must be in [0, 1].", Assert.Throws<ArgumentOutOfRangeException>(() => NerTask.Generate(1, new Generator(0), bad)).Message);
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => NerTask.Generate(-1, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => NerTask.Generate(1, null!));
        var s = new TaggedSentence(["Anna", "met", "Omar", "Haddad"], ["B-PER", "O", "B-PER", "I-PER"]);
        Assert.Equal("Anna/B-PER met Omar/B-PER Haddad/I-PER", s.ToString());
    }

    // ---------------- adding problem ----------------

    [Fact]
    public void AddingMarkersCoverEachHalfAndTheTensorsKeepEveryValueInPlace()
    {
        var examples = AddingTask.Generate(400, 7, new Generator(5));   // odd length: first half 0..2, second 3..6
        var firsts = new HashSet<int>();
        var seconds = new HashSet<int>();
        foreach (var e in examples)
        {
            var marked = Enumerable.Range(0, 7).Where(t => e.Markers[t] != 0).ToList();
            Assert.Equal(2, marked.Count);
            Assert.All(marked, t => Assert.Equal(1f, e.Markers[t]));
            firsts.Add(marked[0]);
            seconds.Add(marked[1]);
            Assert.All(e.Values, v => Assert.InRange(v, 0f, 0.99999994f));
            Assert.Equal(e.Values[marked[0]] + e.Values[marked[1]], e.Target);
        }
        Assert.Equal([0, 1, 2], firsts.Order());
        Assert.Equal([3, 4, 5, 6], seconds.Order());
        Assert.True(examples.SelectMany(e => e.Values).Distinct().Count() > 2_000);
        Assert.InRange(examples.SelectMany(e => e.Values).Average(), 0.45, 0.55);

        var (x, y) = AddingTask.ToTensors(examples);
        Assert.Equal([400, 7, 2], x.Shape);
        var xs = x.ToArray();
        var ys = y.ToArray();
        for (int i = 0; i < examples.Count; i++)
        {
            Assert.Equal(examples[i].Target, ys[i]);
            for (int t = 0; t < 7; t++)
            {
                Assert.Equal(examples[i].Values[t], xs[(i * 7 + t) * 2]);
                Assert.Equal(examples[i].Markers[t], xs[(i * 7 + t) * 2 + 1]);
            }
        }
    }

    [Fact]
    public void AddingRefusesBadSizesByName()
    {
        Assert.StartsWith("length must be >= 2.", Assert.Throws<ArgumentOutOfRangeException>(() => AddingTask.Generate(1, 1, new Generator(0))).Message);
        Assert.Single(AddingTask.Generate(1, 2, new Generator(0)));
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => AddingTask.Generate(-1, 5, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => AddingTask.Generate(1, 5, null!));
        Assert.StartsWith("No examples to stack.", Assert.Throws<ArgumentException>(() => AddingTask.ToTensors([])).Message);
        var mixed = AddingTask.Generate(2, 4, new Generator(0)).Concat(AddingTask.Generate(1, 5, new Generator(1))).ToList();
        Assert.StartsWith("Example 2 has length 5, expected 4.", Assert.Throws<ArgumentException>(() => AddingTask.ToTensors(mixed)).Message);
        Assert.Throws<ArgumentNullException>(() => AddingTask.ToTensors(null!));
    }

    // ---------------- copy and reverse ----------------

    [Fact]
    public void CopyStringsSpanEveryLengthAndLetterAsked()
    {
        var copies = CopyTask.Copy(1_000, new Generator(6), minLength: 2, maxLength: 6, alphabetSize: 5);
        Assert.Equal(Enumerable.Range(2, 5), copies.Select(p => p.Source.Length).Distinct().Order());
        Assert.Equal("abcde", new string(copies.SelectMany(p => p.Source).Distinct().Order().ToArray()));
        Assert.All(copies, p => Assert.Equal(p.Source, p.Target));
        var reversed = CopyTask.Reverse(1_000, new Generator(6), 4, 4, 26);
        Assert.All(reversed, p => { Assert.Equal(4, p.Source.Length); Assert.Equal(p.Source, new string(p.Target.Reverse().ToArray())); });
        Assert.Contains(reversed, p => p.Source != p.Target);
        Assert.Equal(26, reversed.SelectMany(p => p.Source).Distinct().Count());
        Assert.All(CopyTask.Copy(50, new Generator(1)), p => Assert.InRange(p.Source.Length, 3, 10));
        Assert.All(CopyTask.Copy(200, new Generator(1)).SelectMany(p => p.Source), c => Assert.InRange(c, 'a', 'h'));
        Assert.Equal(Enumerable.Range(3, 8), CopyTask.Reverse(500, new Generator(2)).Select(p => p.Source.Length).Distinct().Order());
    }

    [Fact]
    public void CopyRefusesBadLengthsAndAlphabets()
    {
        Assert.StartsWith("Need 1 <= minLength <= maxLength; got 0 and 3.", Assert.Throws<ArgumentOutOfRangeException>(() => CopyTask.Copy(1, new Generator(0), 0, 3)).Message);
        Assert.StartsWith("Need 1 <= minLength <= maxLength; got 4 and 3.", Assert.Throws<ArgumentOutOfRangeException>(() => CopyTask.Reverse(1, new Generator(0), 4, 3)).Message);
        Assert.Single(CopyTask.Copy(1, new Generator(0), 1, 1, 1));
        foreach (int size in new[] { 0, 27 })
            Assert.StartsWith("alphabetSize must be in [1, 26].", Assert.Throws<ArgumentOutOfRangeException>(() => CopyTask.Copy(1, new Generator(0), alphabetSize: size)).Message);
        Assert.StartsWith("count must be >= 0.", Assert.Throws<ArgumentOutOfRangeException>(() => CopyTask.Copy(-1, new Generator(0))).Message);
        Assert.Throws<ArgumentNullException>(() => CopyTask.Reverse(1, null!));
    }
}
