using System.Text.RegularExpressions;
using Workbench.Tokenization;

namespace Workbench.Data;

public static partial class Datasets
{
    /// <summary>
    /// Moby Dick (Melville, 1851; 135 chapters) for language modelling. The chapters are split 107/14/14 into
    /// train/valid/test by the seed, each split the chapters in book order. Within a chapter, line-wrapped
    /// paragraphs are unwrapped; word level ends each paragraph with &lt;eos&gt; and keeps words seen at least
    /// <paramref name="minFrequency"/> times in training; char and BPE levels end each paragraph with "\n".
    /// </summary>
    public static LanguageModelDataset MobyDick(TokenLevel level = TokenLevel.Word, int minFrequency = 2, int bpeMerges = 2000,
        long seed = 0, string? root = null)
    {
        const string file = "moby-dick/moby-dick.txt";
        var text = DatasetFiles.ReadText(DatasetRoot.Locate(root), file).Replace("\r\n", "\n");
        var starts = Regex.Matches(text, @"^CHAPTER \d+\.", RegexOptions.Multiline).Select(m => m.Index).ToList();
        if (starts.Count < 10) throw new InvalidDataException($"{file}: expected 135 'CHAPTER n.' headings, found {starts.Count}. {DatasetFiles.Regenerate}");
        var chapters = starts.Select((s, i) => (Index: i, Paragraphs: Paragraphs(text[s..(i + 1 < starts.Count ? starts[i + 1] : text.Length)]))).ToList();
        var split = Split.Random(chapters, 0.1, 0.1, seed);
        List<string> Paras(IReadOnlyList<(int Index, List<string> Paragraphs)> part) => part.OrderBy(c => c.Index).SelectMany(c => c.Paragraphs).ToList();
        var (train, valid, test) = (Paras(split.Train), Paras(split.Valid), Paras(split.Test));

        bool word = level == TokenLevel.Word;
        var field = FieldBuilder(level, word ? minFrequency : 1, bpeMerges: bpeMerges)(word ? train : train.Select(p => p + "\n"));
        int[] Stream(List<string> paragraphs) => paragraphs.SelectMany(p => word ? field.Encode(p, addEos: true) : field.Encode(p + "\n")).ToArray();
        return new LanguageModelDataset($"moby-dick{(word ? "" : level == TokenLevel.Char ? "-chars" : "-bpe")}",
            $"Moby Dick, {level.ToString().ToLowerInvariant()} level, chapters split by seed {seed}", field, Stream(train), Stream(valid), Stream(test),
            boundary: word ? field.Vocab.EosId : field.Vocab["\n"]);
    }

    static List<string> Paragraphs(string chapter) =>
        Regex.Split(chapter, @"\n\s*\n").Select(p => Regex.Replace(p.Trim(), @"\s*\n\s*", " ")).Where(p => p.Length > 0).ToList();

    /// <summary>
    /// English first names (Moby Words lists, female and male merged, duplicates removed) for character-level
    /// generation: source = &lt;bos&gt; name, target = name &lt;eos&gt; (the same field), so step t predicts character t+1.
    /// </summary>
    public static SequenceDataset Names(long seed = 0, string? root = null)
    {
        var dir = DatasetRoot.Locate(root);
        var names = DatasetFiles.ReadLines(dir, "names/female.txt").Concat(DatasetFiles.ReadLines(dir, "names/male.txt"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var split = Split.Random(names, 0.1, 0.1, seed);
        var field = FieldBuilder(TokenLevel.Char)(split.Train);
        List<SequenceExample> Encode(IReadOnlyList<string> part) =>
            part.Select(n => new SequenceExample(field.Encode(n, addBos: true), field.Encode(n, addEos: true), -1, n, n)).ToList();
        return new SequenceDataset("names", $"{names.Count:N0} English first names, characters", field, field, null,
            new Splits<SequenceExample>(Encode(split.Train), Encode(split.Valid), Encode(split.Test)));
    }

    static readonly string[] SentimentSources = ["amazon", "imdb", "yelp"];

    /// <summary>
    /// UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015): 1,000 sentences from each of Amazon, IMDb
    /// and Yelp, label 0 = negative, 1 = positive. <paramref name="source"/> is "all" or one of the three.
    /// </summary>
    public static SequenceDataset Sentiment(string source = "all", TokenLevel level = TokenLevel.Word, int minFrequency = 1,
        long seed = 0, string? root = null)
    {
        var dir = DatasetRoot.Locate(root);
        var sources = source == "all" ? SentimentSources
            : SentimentSources.Contains(source) ? [source]
            : throw new ArgumentException($"Unknown sentiment source '{source}'; use all, {string.Join(", ", SentimentSources)}.", nameof(source));
        var rows = new List<(string Text, int Label)>();
        foreach (var s in sources)
        {
            var rel = $"sentiment/{s}.tsv";
            rows.AddRange(DatasetFiles.ReadTsv(dir, rel, 2).Select((r, i) => (r[1], DatasetFiles.ParseInt(r[0], rel, i + 1, 0, 1))));
        }
        return Build("sentiment", $"UCI sentiment sentences ({source}), {level.ToString().ToLowerInvariant()} level", rows, seed,
            r => r.Text, FieldBuilder(level, minFrequency), label: r => r.Label, labels: ["negative", "positive"]);
    }

    /// <summary>
    /// 20,000 CMUdict entries (see datasets/README.md for the selection rule): source = the lowercased spelling,
    /// character level; target = its ARPAbet phonemes with stress digits ("AA1 B ER0 G").
    /// </summary>
    public static SequenceDataset CmuDict(long seed = 0, string? root = null)
    {
        const string rel = "cmudict/cmudict-20k.tsv";
        var rows = DatasetFiles.ReadTsv(DatasetRoot.Locate(root), rel, 2);
        return Build("cmudict", "CMUdict spelling to ARPAbet phonemes", rows, seed,
            r => r[0].ToLowerInvariant(), FieldBuilder(TokenLevel.Char), r => r[1], SpaceFieldBuilder());
    }

    /// <summary>
    /// English (King James, 1769) to Spanish (Reina-Valera, 1909) Bible verses aligned by reference, kept when the
    /// English has at most <paramref name="maxEnglishWords"/> words (the file holds verses of up to 20). Word level
    /// on both sides, vocabularies keep words seen at least <paramref name="minFrequency"/> times in training.
    /// </summary>
    public static SequenceDataset BibleEnEs(int maxEnglishWords = 20, int minFrequency = 2, TokenLevel level = TokenLevel.Word,
        long seed = 0, string? root = null)
    {
        return Build("bible-en-es", $"KJV -> Reina-Valera 1909 verses of <= {maxEnglishWords} English words", BibleRows(maxEnglishWords, root), seed,
            r => r[1], FieldBuilder(level, minFrequency), r => r[2], FieldBuilder(level, minFrequency));
    }
}
