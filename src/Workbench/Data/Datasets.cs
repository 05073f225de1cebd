using Workbench.Tokenization;

namespace Workbench.Data;

/// <summary>
/// One-call loaders: each returns ready-to-train splits (train/valid/test, fixed by the seed) and the fields
/// (tokenizer + vocabulary) built on the training split only, so valid/test words unseen in training become
/// &lt;unk&gt; exactly as they would for new text. Real data is read from the committed <c>datasets/</c> folder
/// (see <see cref="DatasetRoot"/>); synthetic data is generated from the seed. Unknown-token rule everywhere:
/// a token not in the vocabulary is encoded as &lt;unk&gt; (id 1).
/// </summary>
public static partial class Datasets
{
    /// <summary>Every name <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Known => Loaders.Keys.ToList();

    static readonly Dictionary<string, Func<string?, long, Dataset>> Loaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["moby-dick"] = (root, seed) => MobyDick(TokenLevel.Word, seed: seed, root: root),
        ["moby-dick-chars"] = (root, seed) => MobyDick(TokenLevel.Char, seed: seed, root: root),
        ["moby-dick-bpe"] = (root, seed) => MobyDick(TokenLevel.Bpe, seed: seed, root: root),
        ["names"] = (root, seed) => Names(seed, root),
        ["sentiment"] = (root, seed) => Sentiment(seed: seed, root: root),
        ["cmudict"] = (root, seed) => CmuDict(seed, root),
        ["bible-en-es"] = (root, seed) => BibleEnEs(seed: seed, root: root),
        ["bible-en-es-bpe"] = (root, seed) => BibleEnEsBpe(seed: seed, root: root),
        ["dates"] = (_, seed) => Dates(seed: seed),
        ["numbers-en-de"] = (_, seed) => NumbersEnDe(seed: seed),
        ["ner"] = (_, seed) => Ner(seed: seed),
        ["copy"] = (_, seed) => Copy(seed: seed),
        ["reverse"] = (_, seed) => Reverse(seed: seed),
        ["agreement"] = (_, seed) => Agreement(seed: seed),
    };

    /// <summary>Loads a dataset by name with default options (see <see cref="Known"/>).</summary>
    public static Dataset Load(string name, long seed = 0, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Loaders.TryGetValue(name.Trim(), out var load))
            throw new ArgumentException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Known)}.", nameof(name));
        return load(root, seed);
    }

    /// <summary>A field builder for a token level: the tokenizer and a vocabulary counted on the training texts.</summary>
    public static Func<IEnumerable<string>, TextField> FieldBuilder(TokenLevel level, int minFrequency = 1, int? maxSize = null, int bpeMerges = 1000) => level switch
    {
        TokenLevel.Char => texts => BuildField(new CharTokenizer(), texts, minFrequency, maxSize),
        TokenLevel.Word => texts => BuildField(new WordTokenizer(), texts, minFrequency, maxSize),
        TokenLevel.Bpe => texts =>
        {
            var bpe = BpeTokenizer.Train(texts, bpeMerges);
            return new TextField(bpe, Vocabulary.FromTokens(bpe.Symbols));
        },
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown token level."),
    };

    /// <summary>Field for pre-tokenized, space-separated text (phonemes, tags, generated words).</summary>
    public static Func<IEnumerable<string>, TextField> SpaceFieldBuilder(int minFrequency = 1) =>
        texts => BuildField(new WhitespaceTokenizer(), texts, minFrequency, null);

    static TextField BuildField(ITokenizer tokenizer, IEnumerable<string> texts, int minFrequency, int? maxSize) =>
        new(tokenizer, Vocabulary.Build(texts.Select(tokenizer.Tokenize), minFrequency, maxSize,
            tokenizer is WordTokenizer w ? w.Markers : null));

    /// <summary>
    /// Splits items 80/10/10 with the seed, builds the fields on the training items, and encodes every split.
    /// Sources get no &lt;bos&gt;/&lt;eos&gt;; targets get both when <paramref name="targetBosEos"/>.
    /// </summary>
    public static SequenceDataset Build<T>(string name, string description, IReadOnlyList<T> items, long seed,
        Func<T, string> source, Func<IEnumerable<string>, TextField> sourceField,
        Func<T, string>? target = null, Func<IEnumerable<string>, TextField>? targetField = null, bool targetBosEos = true,
        Func<T, int>? label = null, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if ((target is null) != (targetField is null)) throw new ArgumentException("target and targetField go together.");
        var split = Split.Random(items, 0.1, 0.1, seed);
        var src = sourceField(split.Train.Select(source));
        var tgt = targetField?.Invoke(split.Train.Select(target!));
        SequenceExample Encode(T x)
        {
            string s = source(x), t = target?.Invoke(x) ?? "";
            return new SequenceExample(src.Encode(s), tgt?.Encode(t, targetBosEos, targetBosEos), label?.Invoke(x) ?? -1, s, target is null ? null : t);
        }
        var encoded = new Splits<SequenceExample>(split.Train.Select(Encode).ToList(), split.Valid.Select(Encode).ToList(), split.Test.Select(Encode).ToList());
        return new SequenceDataset(name, description, src, tgt, labels, encoded);
    }
}
