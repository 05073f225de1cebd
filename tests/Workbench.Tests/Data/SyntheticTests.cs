using Workbench.Data.Synthetic;
using Workbench.Tensors;

namespace Workbench.Tests.Data;

public class SyntheticTests
{
    static void Deterministic<T>(Func<Generator, IEnumerable<T>> make)
    {
        Assert.Equal(make(new Generator(11)).ToList(), make(new Generator(11)).ToList());
        Assert.NotEqual(make(new Generator(11)).ToList(), make(new Generator(12)).ToList());
    }

    [Fact]
    public void DatesAreDeterministicAndCorrect()
    {
        Deterministic(g => DateTask.Generate(50, g));
        var d = new DateOnly(1988, 5, 3); // a Tuesday (1 May 1988 was a Sunday)
        Assert.Equal("1988-05-03", DateTask.Iso(d));
        Assert.Equal("Tuesday, 3 May 1988", DateTask.Human(d, 2));
        Assert.Equal("3rd of May 1988", DateTask.Human(d, 4));
        Assert.Equal("03.05.1988", DateTask.Human(d, 8));
        foreach (var (src, iso) in DateTask.Generate(500, new Generator(1)))
        {
            var date = DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(date.Year, 1950, 2049);
            Assert.Contains(date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), src);
        }
    }

    [Theory]
    [InlineData(0, "zero", "null")]
    [InlineData(1, "one", "eins")]
    [InlineData(16, "sixteen", "sechzehn")]
    [InlineData(17, "seventeen", "siebzehn")]
    [InlineData(21, "twenty-one", "einundzwanzig")]
    [InlineData(30, "thirty", "dreißig")]
    [InlineData(77, "seventy-seven", "siebenundsiebzig")]
    [InlineData(100, "one hundred", "einhundert")]
    [InlineData(101, "one hundred and one", "einhunderteins")]
    [InlineData(1001, "one thousand and one", "eintausendeins")]
    [InlineData(21000, "twenty-one thousand", "einundzwanzigtausend")]
    [InlineData(100000, "one hundred thousand", "einhunderttausend")]
    [InlineData(365, "three hundred and sixty-five", "dreihundertfünfundsechzig")]
    [InlineData(999999, "nine hundred and ninety-nine thousand nine hundred and ninety-nine", "neunhundertneunundneunzigtausendneunhundertneunundneunzig")]
    public void NumberWords(int n, string english, string german)
    {
        Assert.Equal(english, NumberWordsTask.English(n));
        Assert.Equal(german, NumberWordsTask.German(n));
    }

    [Fact]
    public void NumberPairsAreDeterministicAndInRange()
    {
        Deterministic(g => NumberWordsTask.Generate(50, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberWordsTask.German(1_000_000));
        var small = NumberWordsTask.Generate(200, new Generator(2), max: 99);
        Assert.All(small, p => Assert.DoesNotContain("hundert", p.Target));
    }

    [Fact]
    public void NerSentencesAreValidBioAndAmbiguityIsResolvedOnlyOnTheRight()
    {
        Deterministic(g => NerTask.Generate(30, g).Select(s => s.ToString()));
        var sentences = NerTask.Generate(3000, new Generator(4));
        foreach (var s in sentences)
        {
            Assert.Equal(s.Words.Length, s.Tags.Length);
            for (int i = 0; i < s.Tags.Length; i++)
            {
                Assert.Contains(s.Tags[i], NerTask.TagSet);
                if (s.Tags[i].StartsWith("I-"))
                    Assert.True(i > 0 && s.Tags[i - 1][2..] == s.Tags[i][2..], $"I- tag without its B- in: {s}");
            }
        }
        var jordanTags = sentences.Where(s => s.Words[0] == "Jordan").Select(s => s.Tags[0]).ToHashSet();
        Assert.Equal(new HashSet<string> { "B-PER", "B-LOC" }, jordanTags);
        Assert.Contains(sentences, s => s.Words[0] == "May" && s.Tags[0] == "O");
        // The right context decides: the same continuation never gives the opener two different tags.
        var byContext = sentences.GroupBy(s => (s.Words[0], string.Join(" ", s.Words.Skip(1).Take(3))));
        Assert.All(byContext, g => Assert.Single(g.Select(s => s.Tags[0]).Distinct()));
    }

    [Fact]
    public void CopyAndReverse()
    {
        Deterministic(g => CopyTask.Reverse(20, g));
        foreach (var (s, t) in CopyTask.Copy(100, new Generator(1), 2, 5, 4))
        {
            Assert.Equal(s, t);
            Assert.InRange(s.Length, 2, 5);
            Assert.All(s, c => Assert.InRange(c, 'a', 'd'));
        }
        Assert.All(CopyTask.Reverse(100, new Generator(1)), p => Assert.Equal(p.Source, new string(p.Target.Reverse().ToArray())));
    }

    [Fact]
    public void AddingProblem()
    {
        Deterministic(g => AddingTask.Generate(5, 10, g).Select(e => e.Target));
        foreach (var e in AddingTask.Generate(200, 20, new Generator(3)))
        {
            var marked = Enumerable.Range(0, 20).Where(t => e.Markers[t] == 1f).ToList();
            Assert.Equal(2, marked.Count);
            Assert.Equal(2, e.Markers.Count(m => m != 0));
            Assert.True(marked[0] < 10 && marked[1] >= 10);
            Assert.Equal(e.Values[marked[0]] + e.Values[marked[1]], e.Target);
        }
        var (x, y) = AddingTask.ToTensors(AddingTask.Generate(3, 5, new Generator(0)));
        Assert.Equal([3, 5, 2], x.Shape);
        Assert.Equal([3, 1], y.Shape);
    }

    [Fact]
    public void AgreementLabelFollowsTheSubject()
    {
        Deterministic(g => AgreementTask.Generate(20, g).Select(e => e.Sentence));
        string[] plurals = ["dogs", "cats", "teachers", "farmers", "children", "sailors", "birds", "doctors", "kings", "horses", "foxes", "women"];
        var items = AgreementTask.Generate(500, new Generator(9), minGap: 6, maxGap: 12);
        foreach (var e in items)
        {
            var words = e.Prefix.Split(' ');
            Assert.Equal(plurals.Contains(words[1]), e.PluralSubject);
            Assert.Equal(e.PluralSubject ? "are" : "is", e.Verb);
            Assert.Equal(words.Length - 2, e.Gap);
            Assert.InRange(e.Gap, 6, 12 + 3);
        }
        Assert.InRange(items.Count(e => e.PluralSubject), 200, 300);
        Assert.Contains(items, e => e.Attractors > 0);
    }

    [Fact]
    public void AgreementSentencesFollowTheirGrammarWithTheTasksWords()
    {
        // An independent reading of the grammar: the N (P the A N | that the N V)* VERB ENDING, with the task's word
        // lists written out here as its specification (a changed or emptied word fails), every clause verb agreeing
        // with its own noun, attractors counted as the nouns whose number differs from the subject's.
        var nouns = new Dictionary<string, bool>();   // word -> plural
        foreach (var (s1, p1) in new[] { ("dog", "dogs"), ("cat", "cats"), ("teacher", "teachers"), ("farmer", "farmers"), ("child", "children"),
            ("sailor", "sailors"), ("bird", "birds"), ("doctor", "doctors"), ("king", "kings"), ("horse", "horses"), ("fox", "foxes"), ("woman", "women") })
        { nouns[s1] = false; nouns[p1] = true; }
        var verbs = new Dictionary<string, bool>();
        foreach (var (s1, p1) in new[] { ("likes", "like"), ("sees", "see"), ("owns", "own"), ("watches", "watch"), ("knows", "know"), ("paints", "paint") })
        { verbs[s1] = false; verbs[p1] = true; }
        string[] adjectives = ["old", "small", "red", "quiet", "tall", "green"], prepositions = ["near", "behind", "with", "beside", "under"];
        string[] endings = ["hungry .", "here .", "very old .", "in the garden .", "asleep ."];

        var seen = new HashSet<string>();
        foreach (var e in AgreementTask.Generate(3000, new Generator(21), minGap: 0, maxGap: 10))
        {
            var w = e.Prefix.Split(' ');
            Assert.Equal("the", w[0]);
            Assert.Equal(nouns[w[1]], e.PluralSubject);
            Assert.Equal(e.PluralSubject ? 1 : 0, e.Label);
            Assert.Equal(e.PluralSubject ? ("are", "is") : ("is", "are"), (e.Verb, e.WrongVerb));
            int attractors = 0;
            for (int i = 2; i < w.Length; i += 4)
            {
                bool plural;
                if (w[i] == "that") { Assert.Equal("the", w[i + 1]); plural = nouns[w[i + 2]]; Assert.Equal(plural, verbs[w[i + 3]]); }
                else { Assert.Contains(w[i], prepositions); Assert.Equal("the", w[i + 1]); Assert.Contains(w[i + 2], adjectives); plural = nouns[w[i + 3]]; }
                attractors += plural != e.PluralSubject ? 1 : 0;
            }
            Assert.Equal(attractors, e.Attractors);
            string ending = e.Sentence[(e.Prefix.Length + 1 + e.Verb.Length + 1)..];
            Assert.Contains(ending, endings);
            seen.UnionWith(w); seen.Add(ending);
        }
        // Every listed word and ending turns up (3000 sentences make missing one vanishingly unlikely).
        Assert.Superset(new HashSet<string>([.. nouns.Keys, .. verbs.Keys, .. adjectives, .. prepositions, .. endings]), seen);
    }
}

public class NerSentenceStartTests
{
    [Fact]
    public void SentencesStartWithACapital() =>
        Assert.All(NerTask.Generate(500, new Generator(6)), s => Assert.True(char.IsUpper(s.Words[0][0]), s.ToString()));
}
