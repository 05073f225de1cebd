using System.Text.RegularExpressions;
using Workbench.Data;
using Workbench.Tokenization;

namespace Workbench.Tests.Data;

/// <summary>
/// The corpus builders read against their files: names, descriptions and boundaries as the reports print them,
/// the options each builder passes on (token level, minimum frequency, vocabulary size, merges, columns), and
/// what each shipped corpus holds when the committed file is read independently here.
/// </summary>
public class DatasetBuildersTests : IDisposable
{
    readonly TempFolder temp = new("wb-builders-");
    public void Dispose() => temp.Dispose();

    static string DatasetFile(string relative) => Path.Combine(DatasetRoot.Locate(), relative);

    static IEnumerable<SequenceExample> All(SequenceDataset d) => d.Train.Concat(d.Valid).Concat(d.Test);

    // ---------------- Load, FieldBuilder, Build ----------------

    [Fact]
    public void LoadKnowsEveryShippedNameTrimmedAndInAnyCase()
    {
        Assert.Equal(["moby-dick", "moby-dick-chars", "moby-dick-bpe", "names", "sentiment", "cmudict", "bible-en-es", "bible-en-es-bpe",
            "dates", "numbers-en-de", "ner", "copy", "reverse", "agreement"], Datasets.Known);
        var loaded = Assert.IsType<SequenceDataset>(Datasets.Load("  Dates ", seed: 4));
        Assert.Equal("dates", loaded.Name);
        Assert.Equal(Datasets.Dates(seed: 4).Train.Select(e => e.Text), loaded.Train.Select(e => e.Text));
        Assert.Equal("reverse", Datasets.Load("REVERSE", seed: 1).Name);
        Assert.Equal("cmudict", Datasets.Load("cmudict").Name);
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("ptb"));
        Assert.StartsWith("Unknown dataset 'ptb'. Known datasets: moby-dick, moby-dick-chars, moby-dick-bpe, names, sentiment, cmudict, bible-en-es, " +
            "bible-en-es-bpe, dates, numbers-en-de, ner, copy, reverse, agreement.", e.Message);
        Assert.Equal("name", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => Datasets.Load(null!));
    }

    [Fact]
    public void FieldBuildersPassOnTheirLevelFrequencySizeAndMerges()
    {
        string[] texts = ["the cat saw the dog", "the dog saw a bird", "Owls hunt"];
        var word = Datasets.FieldBuilder(TokenLevel.Word)(texts);
        Assert.IsType<WordTokenizer>(word.Tokenizer);
        Assert.True(word.Vocab.Contains("owls") && word.Vocab.Contains("bird"));
        Assert.True(word.Vocab.Contains(WordTokenizer.Cap) && word.Vocab.IsSpecial(word.Vocab[WordTokenizer.Cap]));   // the case marker is a special
        var frequent = Datasets.FieldBuilder(TokenLevel.Word, minFrequency: 2)(texts);
        Assert.Equal(["dog", "saw", "the"], frequent.Vocab.Tokens.Skip(frequent.Vocab.SpecialCount).Order());
        var small = Datasets.FieldBuilder(TokenLevel.Word, maxSize: word.Vocab.SpecialCount + 1)(texts);
        Assert.Equal(word.Vocab.SpecialCount + 1, small.Vocab.Count);
        Assert.Equal("the", small.Vocab.Tokens[^1]);

        var chars = Datasets.FieldBuilder(TokenLevel.Char)(texts);
        Assert.IsType<CharTokenizer>(chars.Tokenizer);
        Assert.False(chars.Vocab.Contains(WordTokenizer.Cap));
        Assert.True(chars.Vocab.Contains("O") && chars.Vocab.Contains(" "));
        Assert.Equal(Vocabulary.DefaultSpecials.Count + 1, Datasets.FieldBuilder(TokenLevel.Char, maxSize: 5)(texts).Vocab.Count);
        Assert.False(Datasets.FieldBuilder(TokenLevel.Char, minFrequency: 2)(texts).Vocab.Contains("O"));

        var bpe = Datasets.FieldBuilder(TokenLevel.Bpe, bpeMerges: 4)(texts);
        Assert.Equal(4, Assert.IsType<BpeTokenizer>(bpe.Tokenizer).Merges.Count);
        Assert.Equal("Unknown token level. (Parameter 'level')\nActual value was 7.".ReplaceLineEndings(),
            Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.FieldBuilder((TokenLevel)7)).Message.ReplaceLineEndings());

        var tags = Datasets.SpaceFieldBuilder()(["B-PER I-PER O", "O O"]);
        Assert.IsType<WhitespaceTokenizer>(tags.Tokenizer);
        Assert.Equal(["B-PER", "I-PER", "O"], tags.Vocab.Tokens.Skip(tags.Vocab.SpecialCount).Order());
        Assert.Equal(["O"], Datasets.SpaceFieldBuilder(minFrequency: 2)(["B-PER I-PER O", "O O"]).Vocab.Tokens.Skip(4));
    }

    [Fact]
    public void BuildSplitsTheItemsAndBuildsEachFieldOnTrainingItemsOnly()
    {
        var items = Enumerable.Range(0, 50).Select(i => (Word: $"w{i}", Tag: $"t{i % 7}", Label: i % 3)).ToList();
        var d = Datasets.Build("toy", "a toy set", items, 5, x => x.Word, Datasets.SpaceFieldBuilder(), x => x.Tag, Datasets.SpaceFieldBuilder(),
            label: x => x.Label, labels: ["a", "b", "c"]);
        Assert.Equal(("toy", "a toy set"), (d.Name, d.Description));
        Assert.Equal(["a", "b", "c"], d.Labels);
        Assert.Equal((40, 5, 5), (d.Train.Count, d.Valid.Count, d.Test.Count));
        Assert.Equal(items.Select(x => x.Word).Order(), All(d).Select(e => e.Text!).Order());
        Assert.Equal(d.Train.Select(e => e.Text!).Order(), d.Source.Vocab.Tokens.Skip(4).Order());   // valid/test words are not in it
        Assert.All(d.Valid.Concat(d.Test), e => Assert.Equal([d.Source.Vocab.UnkId], e.Source));
        foreach (var e in All(d))
        {
            var item = items.Single(x => x.Word == e.Text);
            Assert.Equal(item.Label, e.Label);
            Assert.Equal(item.Tag, e.TargetText);
            Assert.Equal(d.Target!.Vocab.BosId, e.Target![0]);
            Assert.Equal(d.Target.Vocab.EosId, e.Target[^1]);
            Assert.Equal(3, e.Target.Length);
        }

        var bare = Datasets.Build("bare", "", items, 5, x => x.Word, Datasets.SpaceFieldBuilder(), x => x.Tag, Datasets.SpaceFieldBuilder(), targetBosEos: false);
        Assert.All(All(bare), e => { Assert.Single(e.Target!); Assert.Equal(-1, e.Label); });
        Assert.Null(bare.Labels);
        var unpaired = Datasets.Build("source only", "", items, 5, x => x.Word, Datasets.SpaceFieldBuilder());
        Assert.Null(unpaired.Target);
        Assert.All(All(unpaired), e => { Assert.Null(e.Target); Assert.Null(e.TargetText); });
        Assert.Equal("target and targetField go together.", Assert.Throws<ArgumentException>(() =>
            Datasets.Build("x", "", items, 5, x => x.Word, Datasets.SpaceFieldBuilder(), target: x => x.Tag)).Message);
        Assert.Equal("target and targetField go together.", Assert.Throws<ArgumentException>(() =>
            Datasets.Build("x", "", items, 5, x => x.Word, Datasets.SpaceFieldBuilder(), targetField: Datasets.SpaceFieldBuilder())).Message);
    }

    [Fact]
    public void SyntheticLoadersNameAndDescribeWhatTheyGenerate()
    {
        var loaders = new (SequenceDataset Data, string Name, string Description)[]
        {
            (Datasets.Dates(count: 60, seed: 1), "dates", "human-readable date -> ISO 8601"),
            (Datasets.NumbersEnDe(count: 60, seed: 1, max: 5000), "numbers-en-de", "English number words -> German number words (0 .. 5,000)"),
            (Datasets.Copy(count: 60, seed: 1, minLength: 2, maxLength: 5), "copy", "copy strings of 2-5 letters"),
            (Datasets.Reverse(count: 60, seed: 1, minLength: 4, maxLength: 9), "reverse", "reverse strings of 4-9 letters"),
            (Datasets.Ner(count: 60, seed: 1), "ner", "BIO tagging (PER, LOC, ORG) with ambiguous sentence openers"),
            (Datasets.Agreement(count: 60, seed: 1, minGap: 2, maxGap: 7), "agreement", "predict is/are after a gap of 2-7+ words"),
        };
        foreach (var (data, name, description) in loaders)
        {
            Assert.Equal((name, description), (data.Name, data.Description));
            Assert.Equal(60, All(data).Count());
        }
        Assert.Equal(["singular (is)", "plural (are)"], loaders[5].Data.Labels);
        Assert.All(All(loaders[5].Data), e => Assert.Equal(e.Text!.Split(' ')[1].EndsWith('s') || e.Text.Split(' ')[1] is "children" or "women" ? 1 : 0, e.Label));
        Assert.All(All(loaders[3].Data), e => Assert.Equal(new string(e.Text!.Reverse().ToArray()), e.TargetText));
        Assert.All(All(loaders[0].Data), e => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", e.TargetText!));
    }

    // ---------------- Moby Dick ----------------

    static readonly Regex Heading = new(@"^CHAPTER (\d+)\.", RegexOptions.Multiline);

    [Fact]
    public void MobyDickSplitsWholeChaptersInBookOrderAndUnwrapsParagraphs()
    {
        var chars = Datasets.MobyDick(TokenLevel.Char, seed: 2);
        Assert.Equal(("moby-dick-chars", "Moby Dick, char level, chapters split by seed 2"), (chars.Name, chars.Description));
        Assert.Equal(chars.Field.Vocab["\n"], chars.Boundary);
        var chapters = new List<int>();
        foreach (var (stream, count) in new[] { (chars.Train, 107), (chars.Valid, 14), (chars.Test, 14) })   // 13.5 rounds to even
        {
            string text = chars.Field.Decode(stream, stopAtEos: false);
            var numbers = Heading.Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(count, numbers.Count);
            Assert.Equal(numbers.Order(), numbers);                       // each split keeps book order
            chapters.AddRange(numbers);
            Assert.EndsWith("\n", text);
            Assert.DoesNotContain("\n\n", text);                          // one line per paragraph, no blank lines
            Assert.All(text[..^1].Split('\n'), line => Assert.Equal(line.Trim(), line));
        }
        Assert.Equal(Enumerable.Range(1, 135), chapters.Order());
        // The first paragraph of chapter 1, wrapped over 18 lines in the file, is one line here.
        var book = File.ReadAllText(DatasetFile("moby-dick/moby-dick.txt")).Replace("\r\n", "\n");
        int from = book.IndexOf("Call me Ishmael.", StringComparison.Ordinal), to = book.IndexOf("\n\n", from, StringComparison.Ordinal);
        string paragraph = Regex.Replace(book[from..to], @"\s*\n\s*", " ");
        string all = string.Concat(new[] { chars.Train, chars.Valid, chars.Test }.Select(s => chars.Field.Decode(s, stopAtEos: false)));
        Assert.Contains("\n" + paragraph + "\n", "\n" + all);
        Assert.Contains("\nCHAPTER 1. Loomings.\n", "\n" + all);
    }

    [Fact]
    public void MobyDickWordLevelEndsEachParagraphWithEosAndKeepsWordsSeenTwice()
    {
        var words = Datasets.MobyDick(TokenLevel.Word, seed: 2);
        var chars = Datasets.MobyDick(TokenLevel.Char, seed: 2);
        Assert.Equal(("moby-dick", "Moby Dick, word level, chapters split by seed 2"), (words.Name, words.Description));
        Assert.Equal(words.Field.Vocab.EosId, words.Boundary);
        Assert.Equal(chars.Train.Count(i => i == chars.Boundary), words.Train.Count(i => i == words.Field.Vocab.EosId));
        Assert.Equal(chars.Test.Count(i => i == chars.Boundary), words.Test.Count(i => i == words.Field.Vocab.EosId));
        var counts = words.Train.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var vocab = words.Field.Vocab;
        Assert.All(Enumerable.Range(vocab.SpecialCount, vocab.Count - vocab.SpecialCount), id => Assert.True(counts.GetValueOrDefault(id) >= 2, vocab.TokenOf(id)));
        var everyWord = Datasets.MobyDick(TokenLevel.Word, minFrequency: 1, seed: 2);
        Assert.True(everyWord.Field.Vocab.Count > vocab.Count + 1000);
        Assert.DoesNotContain(everyWord.Field.Vocab.UnkId, everyWord.Train);

        var bpe = Datasets.MobyDick(TokenLevel.Bpe, bpeMerges: 40, seed: 2);
        Assert.Equal(("moby-dick-bpe", "Moby Dick, bpe level, chapters split by seed 2"), (bpe.Name, bpe.Description));
        Assert.Equal(40, Assert.IsType<BpeTokenizer>(bpe.Field.Tokenizer).Merges.Count);
        Assert.Equal(bpe.Field.Vocab["\n"], bpe.Boundary);
        Assert.Equal(chars.Valid.Count(i => i == chars.Boundary), bpe.Valid.Count(i => i == bpe.Boundary));
    }

    /// <summary>A book of ten chapters, each a heading and two wrapped paragraphs, with one rare character.</summary>
    static string SmallBook(string newline) => string.Concat(Enumerable.Range(1, 10).Select(c =>
        $"CHAPTER {c}. Part {c}.{newline}{newline}First words of{newline}chapter {c}, wrapped.{newline}{newline}" +
        $"Second paragraph{(c == 3 ? " \u03a9" : "")}{newline}ends here.{newline}{newline}"));   // \u03a9: seen once

    [Fact]
    public void TenChaptersAreEnoughAndWindowsLineEndsReadAsUnixOnes()
    {
        temp.Write("unix/README.md", "root");
        temp.Write("unix/moby-dick/moby-dick.txt", SmallBook("\n"));
        temp.Write("windows/README.md", "root");
        temp.Write("windows/moby-dick/moby-dick.txt", SmallBook("\r\n"));
        var unix = Datasets.MobyDick(TokenLevel.Char, seed: 1, root: Path.Combine(temp.Folder, "unix"));
        var windows = Datasets.MobyDick(TokenLevel.Char, seed: 1, root: Path.Combine(temp.Folder, "windows"));
        Assert.Equal(unix.Field.Vocab.Fingerprint, windows.Field.Vocab.Fingerprint);
        Assert.Equal(unix.Train, windows.Train);
        Assert.Equal(unix.Test, windows.Test);
        string text = unix.Field.Decode(unix.Train, stopAtEos: false) + unix.Field.Decode(unix.Valid, stopAtEos: false) + unix.Field.Decode(unix.Test, stopAtEos: false);
        Assert.Contains("\nFirst words of chapter 1, wrapped.\n", "\n" + text);
        Assert.True(unix.Field.Vocab.Contains("\n"));
        Assert.NotEqual(unix.Field.Vocab.UnkId, unix.Boundary);
        // The word level's minimum frequency does not apply to characters: every character seen in training is kept.
        Assert.Equal(unix.Field.Vocab.Fingerprint, Datasets.MobyDick(TokenLevel.Char, minFrequency: 9, seed: 1, root: Path.Combine(temp.Folder, "unix")).Field.Vocab.Fingerprint);
        Assert.Equal(unix.Field.Vocab.Fingerprint, Datasets.MobyDick(TokenLevel.Char, minFrequency: 1, seed: 1, root: Path.Combine(temp.Folder, "unix")).Field.Vocab.Fingerprint);
    }

    [Fact]
    public void MobyDickWithoutItsChapterHeadingsIsRefused()
    {
        temp.Write("README.md", "test root");
        temp.Write("moby-dick/moby-dick.txt", "CHAPTER 1. One.\n\nText.\n\nCHAPTER 2. Two.\n\nMore text.\n");
        var e = Assert.Throws<InvalidDataException>(() => Datasets.MobyDick(TokenLevel.Char, root: temp.Folder));
        Assert.StartsWith("moby-dick/moby-dick.txt: expected 135 'CHAPTER n.' headings, found 2.", e.Message);
    }

    // ---------------- names, sentiment, CMUdict, Bible ----------------

    [Fact]
    public void NamesAreTheDistinctNamesOfBothListsAsBosNameAndNameEos()
    {
        var expected = File.ReadLines(DatasetFile("names/female.txt")).Concat(File.ReadLines(DatasetFile("names/male.txt")))
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var names = Datasets.Names(seed: 1);
        Assert.Equal(("names", $"{expected.Count:N0} English first names, characters"), (names.Name, names.Description));
        var texts = All(names).Select(e => e.Text!).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
        Assert.Same(names.Source, names.Target);
        foreach (var e in All(names))
        {
            Assert.Equal(e.Text, e.TargetText);
            Assert.Equal(names.Source.Encode(e.Text!, addBos: true), e.Source);
            Assert.Equal(names.Source.Encode(e.Text!, addEos: true), e.Target);
        }
        Assert.NotEqual(names.Valid.Select(e => e.Text), Datasets.Names(seed: 2).Valid.Select(e => e.Text));
        Assert.All(All(names), e => Assert.Equal(-1, e.Label));
        // The split is the seeded split of the names in ordinal order, whatever order the files list them in.
        var split = Split.Random(expected.Order(StringComparer.Ordinal).ToList(), 0.1, 0.1, 1);
        Assert.Equal(split.Train, names.Train.Select(e => e.Text!));
        Assert.Equal(split.Test, names.Test.Select(e => e.Text!));
    }

    [Fact]
    public void SentimentReadsLabelsFromTheFirstColumnForEachSourceAsked()
    {
        var file = File.ReadLines(DatasetFile("sentiment/amazon.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var amazon = Datasets.Sentiment("amazon", seed: 3);
        Assert.Equal(("sentiment", "UCI sentiment sentences (amazon), word level"), (amazon.Name, amazon.Description));
        Assert.Equal(file.Count, All(amazon).Count());
        var byText = file.GroupBy(r => r[1]).Where(g => g.Select(r => r[0]).Distinct().Count() == 1).ToDictionary(g => g.Key, g => int.Parse(g.First()[0]));
        Assert.True(byText.Count > 900);
        Assert.All(All(amazon).Where(e => byText.ContainsKey(e.Text!)), e => Assert.Equal(byText[e.Text!], e.Label));
        Assert.Equal(["negative", "positive"], amazon.Labels);
        Assert.Null(amazon.Target);

        var chars = Datasets.Sentiment("yelp", TokenLevel.Char);
        Assert.Equal("UCI sentiment sentences (yelp), char level", chars.Description);
        Assert.IsType<CharTokenizer>(chars.Source.Tokenizer);
        Assert.True(Datasets.Sentiment("imdb", minFrequency: 3).Source.Vocab.Count < Datasets.Sentiment("imdb").Source.Vocab.Count);
        Assert.Equal("UCI sentiment sentences (all), word level", Datasets.Sentiment().Description);
        Assert.StartsWith("Unknown sentiment source 'twitter'; use all, amazon, imdb, yelp.",
            Assert.Throws<ArgumentException>(() => Datasets.Sentiment("twitter")).Message);
        temp.Write("README.md", "root");
        temp.Write("sentiment/amazon.tsv", "1\tgood\n0\tbad\n2\tugly\n");
        Assert.StartsWith("sentiment/amazon.tsv row 3: expected an integer in [0, 1], found \"2\".",
            Assert.Throws<InvalidDataException>(() => Datasets.Sentiment("amazon", root: temp.Folder)).Message);
    }

    [Fact]
    public void CmuDictLowercasesTheSpellingAndKeepsThePhonemesAsTokens()
    {
        var file = File.ReadLines(DatasetFile("cmudict/cmudict-20k.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t'))
            .ToDictionary(r => r[0].ToLowerInvariant(), r => r[1]);
        var d = Datasets.CmuDict(seed: 4);
        Assert.Equal(("cmudict", "CMUdict spelling to ARPAbet phonemes"), (d.Name, d.Description));
        Assert.Equal(file.Count, All(d).Count());
        Assert.All(All(d), e => Assert.Equal(file[e.Text!], e.TargetText));
        Assert.IsType<CharTokenizer>(d.Source.Tokenizer);
        Assert.IsType<WhitespaceTokenizer>(d.Target!.Tokenizer);
        Assert.True(d.Target.Vocab.Contains("AA1") && d.Target.Vocab.Count < 100);
        Assert.DoesNotContain(All(d), e => e.Text!.Any(char.IsUpper));
    }

    [Fact]
    public void BibleVersesAreFilteredByEnglishLengthOnBothVocabularies()
    {
        var rows = File.ReadLines(DatasetFile("bible-en-es/kjv-rv1909.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var b = Datasets.BibleEnEs(maxEnglishWords: 9, minFrequency: 1, seed: 5);
        Assert.Equal(("bible-en-es", "KJV -> Reina-Valera 1909 verses of <= 9 English words"), (b.Name, b.Description));
        Assert.Equal(rows.Where(r => Words(r[1]) <= 9).Select(r => r[1]).Order(), All(b).Select(e => e.Text!).Order());
        Assert.Contains(All(b), e => Words(e.Text!) == 9);
        Assert.IsType<WordTokenizer>(b.Target!.Tokenizer);
        Assert.DoesNotContain(b.Train, e => e.Source.Contains(b.Source.Vocab.UnkId) || e.Target!.Contains(b.Target.Vocab.UnkId));
        var twice = Datasets.BibleEnEs(maxEnglishWords: 9, seed: 5);
        Assert.True(twice.Source.Vocab.Count < b.Source.Vocab.Count && twice.Target!.Vocab.Count < b.Target.Vocab.Count);
        var chars = Datasets.BibleEnEs(maxEnglishWords: 9, level: TokenLevel.Char, seed: 5);
        Assert.IsType<CharTokenizer>(chars.Source.Tokenizer);
        Assert.IsType<CharTokenizer>(chars.Target!.Tokenizer);
        Assert.StartsWith("No verse is that short.", Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEs(maxEnglishWords: 0)).Message);
    }

    [Fact]
    public void BibleBpeNamesItsMergesAndRefusesNegativeOnes()
    {
        var b = Datasets.BibleEnEsBpe(maxEnglishWords: 6, sourceMerges: 20, targetMerges: 30, seed: 1);
        Assert.Equal(("bible-en-es-bpe", "KJV -> Reina-Valera 1909 verses of <= 6 English words, BPE (20 / 30 merges)"), (b.Name, b.Description));
        Assert.Equal(20, Assert.IsType<BpeTokenizer>(b.Source.Tokenizer).Merges.Count);
        Assert.Equal(30, Assert.IsType<BpeTokenizer>(b.Target!.Tokenizer).Merges.Count);
        Assert.Equal(All(Datasets.BibleEnEs(maxEnglishWords: 6, seed: 1)).Select(e => e.Text), All(b).Select(e => e.Text));
        Assert.StartsWith("bible-en-es-bpe: the number of English BPE merges must be >= 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEsBpe(sourceMerges: -1)).Message);
        Assert.StartsWith("bible-en-es-bpe: the number of Spanish BPE merges must be >= 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BibleEnEsBpe(targetMerges: -1)).Message);
        Assert.Empty(Assert.IsType<BpeTokenizer>(Datasets.BibleEnEsBpe(maxEnglishWords: 4, sourceMerges: 0, targetMerges: 0).Source.Tokenizer).Merges);
    }

    // ---------------- a user's text and pairs ----------------

    static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"line {i:000} of the text\n"));

    [Fact]
    public void FromTextDescribesItsPiecesAndPicksItsBoundary()
    {
        var path = temp.Write("notes.txt", Lines(60));
        var lines = Datasets.FromText(path, TokenLevel.Char, TextUnit.Line, seed: 7);
        Assert.Equal(("notes.txt", "notes.txt, char level, 60 lines split by seed 7"), (lines.Name, lines.Description));
        Assert.Equal(lines.Field.Vocab.EosId, lines.Boundary);
        Assert.Equal(60, new[] { lines.Train, lines.Valid, lines.Test }.Sum(s => s.Count(i => i == lines.Boundary)));

        var document = Datasets.FromText(path, TokenLevel.Char, seed: 7);
        Assert.Equal("notes.txt, char level, a document in 60 blocks split by seed 7", document.Description);
        Assert.Equal(document.Field.Vocab["\n"], document.Boundary);
        Assert.DoesNotContain(document.Field.Vocab.EosId, document.Train);

        var words = Datasets.FromText(path, TokenLevel.Word, seed: 7);
        Assert.Equal("notes.txt, word level, a document in 60 blocks split by seed 7", words.Description);
        Assert.Equal(words.Field.Vocab.EosId, words.Boundary);

        // 400 lines of 22 bytes: blocks of at least 88 bytes, so 4 whole lines each (the last one shorter).
        var longer = Datasets.FromText(temp.Write("long.txt", Lines(400)), TokenLevel.Char, seed: 7);
        Assert.Equal("long.txt, char level, a document in 100 blocks split by seed 7", longer.Description);
        Assert.Equal(400, new[] { longer.Train, longer.Valid, longer.Test }.Sum(s => s.Count(i => i == longer.Boundary)));
        Assert.Equal(320, longer.Train.Count(i => i == longer.Boundary));   // 80 blocks of 4 lines
    }

    [Fact]
    public void WordLevelParagraphsEndWithOneEosHoweverManyBlankLinesFollow()
    {
        var text = string.Concat(Enumerable.Range(0, 30).Select(i => $"paragraph {i} starts\nand ends{(i % 2 == 0 ? "\n\n\n" : "\n \n")}"));
        var d = Datasets.FromText(temp.Write("paras.txt", text), TokenLevel.Word, seed: 2);
        Assert.Equal(30, Boundaries(d));
        var lines = Datasets.FromText(temp.Write("paras.txt", text), TokenLevel.Word, TextUnit.Line, seed: 2);
        Assert.Equal(60, Boundaries(lines));
    }

    [Fact]
    public void FromTextPassesOnFrequencyVocabularySizeAndMerges()
    {
        var path = temp.Write("words.txt", string.Concat(Enumerable.Range(0, 40).Select(i => $"common word{i % 4} rare{i}\n")));
        var all = Datasets.FromText(path, TokenLevel.Word, TextUnit.Line, seed: 1);
        Assert.Contains(all.Train, id => all.Field.Vocab.TokenOf(id).StartsWith("rare", StringComparison.Ordinal));
        var frequent = Datasets.FromText(path, TokenLevel.Word, TextUnit.Line, minFrequency: 2, seed: 1);
        Assert.DoesNotContain(frequent.Field.Vocab.Tokens, t => t.StartsWith("rare", StringComparison.Ordinal));
        Assert.True(frequent.Field.Vocab.Contains("common"));
        var capped = Datasets.FromText(path, TokenLevel.Word, TextUnit.Line, maxVocabSize: frequent.Field.Vocab.SpecialCount + 2, seed: 1);
        Assert.Equal(frequent.Field.Vocab.SpecialCount + 2, capped.Field.Vocab.Count);
        var bpe = Datasets.FromText(path, TokenLevel.Bpe, TextUnit.Line, bpeMerges: 5, seed: 1);
        Assert.Equal(5, Assert.IsType<BpeTokenizer>(bpe.Field.Tokenizer).Merges.Count);
        Assert.Equal("words.txt, bpe level, 40 lines split by seed 1", bpe.Description);
    }

    [Fact]
    public void FromTextNamesWhatIsMissing()
    {
        var blank = temp.Write("blank.txt", "\n \n\t\n");
        Assert.Equal($"{blank} has no text, only blank lines.", Assert.Throws<InvalidDataException>(() => Datasets.FromText(blank)).Message);
        var short1 = temp.Write("short.txt", "one\ntwo\nthree\n");
        Assert.Equal($"{short1}: splitting 3 blocks (a document is cut at line ends into at most 100) 80/10/10 leaves the validation split empty; " +
            "the file needs at least 6. Nothing was built.", Assert.Throws<InvalidDataException>(() => Datasets.FromText(short1)).Message);
        Assert.Equal($"{short1}: splitting 3 non-blank lines 80/10/10 leaves the validation split empty; the file needs at least 6. Nothing was built.",
            Assert.Throws<InvalidDataException>(() => Datasets.FromText(short1, unit: TextUnit.Line)).Message);
        Assert.Equal(6, Boundaries(Datasets.FromText(temp.Write("six.txt", Lines(6)), TokenLevel.Char, TextUnit.Line)));   // the smallest that works
    }

    /// <summary>How many boundary tokens (line or paragraph ends) the three streams hold together.</summary>
    static int Boundaries(LanguageModelDataset d) => new[] { d.Train, d.Valid, d.Test }.Sum(s => s.Count(i => i == d.Boundary));

    [Fact]
    public void FromPairsDescribesItsColumnsAndLevels()
    {
        string body = string.Concat(Enumerable.Range(0, 30).Select(i => $"{i}\tsource {i}\ttarget {i % 5}\n"));
        var path = temp.Write("three.tsv", body);
        var d = Datasets.FromPairs(path, TokenLevel.Char, TokenLevel.Word, sourceColumn: 1, targetColumn: 2, seed: 3);
        Assert.Equal(("three.tsv", "three.tsv: columns 1 -> 2, char -> word level, 30 pairs split by seed 3"), (d.Name, d.Description));
        Assert.IsType<CharTokenizer>(d.Source.Tokenizer);
        Assert.IsType<WordTokenizer>(d.Target!.Tokenizer);
        Assert.All(All(d), e => Assert.Equal($"target {int.Parse(e.Text![7..]) % 5}", e.TargetText));
        var same = Datasets.FromPairs(path, TokenLevel.Word, sourceColumn: 2, targetColumn: 0);
        Assert.Equal("three.tsv: columns 2 -> 0, word -> word level, 30 pairs split by seed 0", same.Description);
        Assert.IsType<WordTokenizer>(same.Target!.Tokenizer);
        var headed = Datasets.FromPairs(temp.Write("headed.tsv", "id\ten\tde\n" + body), TokenLevel.Word, header: true, sourceColumn: 1, targetColumn: 2, minFrequency: 2);
        Assert.Equal("headed.tsv: en -> de, word -> word level, 30 pairs split by seed 0", headed.Description);
        Assert.False(headed.Source.Vocab.Contains("7"));                 // seen once: below the minimum frequency
        Assert.True(headed.Source.Vocab.Contains("source"));
        var capped = Datasets.FromPairs(path, TokenLevel.Word, sourceColumn: 1, targetColumn: 2, maxVocabSize: 10);
        Assert.Equal((10, 10), (capped.Source.Vocab.Count, capped.Target!.Vocab.Count));
        var bpe = Datasets.FromPairs(path, TokenLevel.Bpe, sourceColumn: 1, targetColumn: 2, bpeMerges: 3);
        Assert.Equal(3, Assert.IsType<BpeTokenizer>(bpe.Target!.Tokenizer).Merges.Count);
    }

    [Fact]
    public void AnExplicitFormatOverridesTheFileExtension()
    {
        var path = temp.Write("tabs.csv", string.Concat(Enumerable.Range(0, 20).Select(i => $"a,{i}\tb{i}\n")));
        var tsv = Datasets.FromPairs(path, format: PairsFormat.Tsv);
        Assert.Contains(All(tsv), e => e.Text == "a,7" && e.TargetText == "b7");
        Assert.Equal(PairsFormat.Csv, DelimitedFile.Resolve(path, PairsFormat.Auto));
        Assert.Equal(PairsFormat.Tsv, DelimitedFile.Resolve(path, PairsFormat.Tsv));
        Assert.Equal(PairsFormat.Csv, DelimitedFile.Resolve("x.tsv", PairsFormat.Csv));
        Assert.Equal(PairsFormat.Tsv, DelimitedFile.Resolve("x.txt", PairsFormat.Auto));
        var csv = Datasets.FromPairs(path);
        Assert.Contains(All(csv), e => e.Text == "a" && e.TargetText == "7\tb7");
    }

    [Fact]
    public void FromPairsRefusesColumnsItCannotUseWithTheReason()
    {
        var tsv = temp.Write("two.tsv", "a\tb\nc\td\n");
        foreach (var (s, t) in new[] { (1, 1), (-1, 1), (0, -2) })
            Assert.Equal($"FromPairs: source column {s} and target column {t} must be two different columns (0-based).",
                Assert.Throws<ArgumentException>(() => Datasets.FromPairs(tsv, sourceColumn: s, targetColumn: t)).Message);
        Assert.Equal($"{tsv}:1: has 2 column(s), so there is no column 2 (columns count from 0; source 2, target 0). Is it tab-separated?",
            Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(tsv, sourceColumn: 2, targetColumn: 0)).Message);
        var csv = temp.Write("two.csv", "a;b\nc;d\n");
        Assert.Equal($"{csv}:1: has 1 column(s), so there is no column 1 (columns count from 0; source 0, target 1). Is it really CSV?",
            Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(csv)).Message);
        Assert.Equal($"{tsv}:2: has 3 column(s) but line 1 has 2.",
            Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "a\tb\nc\td\te\n"))).Message);
        Assert.Equal($"{tsv}:2: the source (column 0) is empty.", Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "a\tb\n \td\n"))).Message);
        Assert.Equal($"{tsv}:1: the target (column 1) is empty.", Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "a\t\t\nc\td\t\n"))).Message);
        Assert.Equal($"{tsv} holds no pairs after its header.", Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "a\tb\n"), header: true)).Message);
        Assert.Equal($"{tsv} holds no pairs.", Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "\n\n\n"))).Message);
        Assert.Equal($"{tsv}: splitting 1 pairs 80/10/10 leaves the validation split empty; the file needs at least 6. Nothing was built.",
            Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.Write("two.tsv", "a\tb\n"))).Message);
    }
}
