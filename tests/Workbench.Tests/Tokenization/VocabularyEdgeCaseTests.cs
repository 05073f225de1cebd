using System.Text.Json.Nodes;
using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

/// <summary>Vocabulary and tokenizer files at their edges: every error names what is wrong, the limits are
/// inclusive where documented, and files have the documented form (several found as surviving mutants).</summary>
public class VocabularyEdgeCaseTests
{
    static readonly string[] Specials = ["<pad>", "<unk>", "<bos>", "<eos>"];

    [Fact]
    public void ConstructorNamesTheMissingSpecialAndTheBadSpecialCount()
    {
        Assert.Contains("must start with <pad>, <unk>, <bos>, <eos>; token 2 is '(missing)'", Assert.Throws<ArgumentException>(() => new Vocabulary(["<pad>", "<unk>"])).Message);
        Assert.Contains("token 1 is 'x'", Assert.Throws<ArgumentException>(() => new Vocabulary(["<pad>", "x", "<bos>", "<eos>"])).Message);
        Assert.Contains("specialCount must be in [4, 5]", Assert.Throws<ArgumentOutOfRangeException>(() => new Vocabulary([.. Specials, "a"], 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vocabulary([.. Specials, "a"], 6));
        Assert.Equal(5, new Vocabulary([.. Specials, "a"], 5).SpecialCount);   // all of them special: allowed
        Assert.Contains("'a' appears twice in the vocabulary (ids 4 and 5)", Assert.Throws<ArgumentException>(() => new Vocabulary([.. Specials, "a", "a"])).Message);
        Assert.Equal("tokens", Assert.Throws<ArgumentNullException>(() => new Vocabulary(null!)).ParamName);
    }

    [Fact]
    public void BuildLimitsAreInclusiveAndNamed()
    {
        Assert.Equal(Specials, Vocabulary.Build([["a", "b"]], maxSize: 4).Tokens);   // room for the specials only
        Assert.Contains("room for the 5 special tokens", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Vocabulary.Build([["a"]], maxSize: 4, extraSpecials: ["<cap>"])).Message);
        Assert.Contains("minFrequency must be >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build([["a"]], minFrequency: 0)).Message);
        Assert.Throws<ArgumentNullException>(() => Vocabulary.Build(null!));
    }

    [Fact]
    public void FromTokensKeepsOrderDropsDuplicatesAndSpecials()
    {
        var v = Vocabulary.FromTokens(["b", "a", "<cap>", "b", "<pad>", "c"], extraSpecials: ["<cap>"]);
        Assert.Equal([.. Specials, "<cap>", "b", "a", "c"], v.Tokens);
        Assert.Equal(5, v.SpecialCount);
        Assert.Equal([.. Specials, "x"], Vocabulary.FromTokens(["x"]).Tokens);
        Assert.True(v.IsSpecial(0)); Assert.True(v.IsSpecial(4)); Assert.False(v.IsSpecial(5)); Assert.False(v.IsSpecial(-1));
    }

    [Fact]
    public void IdsOutsideTheVocabularyAreNamed()
    {
        var v = Vocabulary.FromTokens(["a"]);
        Assert.Equal("a", v.TokenOf(4));
        Assert.Contains("Token id out of range [0, 5)", Assert.Throws<ArgumentOutOfRangeException>(() => v.TokenOf(5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.TokenOf(-1));
        Assert.Contains("Id 7 at position 1 is outside the vocabulary [0, 5)", Assert.Throws<ArgumentOutOfRangeException>(() => v.OneHot([0, 7])).Message);
        var unknown = Assert.Throws<KeyNotFoundException>(() => v.Encode(["a", "é!"], unknown: UnknownTokens.Throw));
        Assert.Contains("Token 'é!' (U+00E9 U+0021) at position 1 is not in the vocabulary (5 tokens", unknown.Message);
        Assert.Throws<ArgumentNullException>(() => v.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => v.Decode(null!));
        Assert.Throws<ArgumentNullException>(() => v.OneHot(null!));
    }

    [Fact]
    public void FingerprintMismatchQuotesTwelveCharactersOfEach()
    {
        var v = Vocabulary.FromTokens(["a"]);
        var other = Vocabulary.FromTokens(["b"]).Fingerprint;
        var e = Assert.Throws<InvalidOperationException>(() => v.EnsureFingerprint(other, "seq2seq checkpoint"));
        Assert.Contains($"the seq2seq checkpoint was trained with vocabulary {other[..12]}…, but this vocabulary is {v.Fingerprint[..12]}… (5 tokens)", e.Message);
        Assert.Contains("Load the vocabulary saved with the seq2seq checkpoint", e.Message);
        Assert.Contains("vocabulary abc…", Assert.Throws<InvalidOperationException>(() => v.EnsureFingerprint("abc")).Message);   // short: all of it
        Assert.Equal($"Vocabulary(5 tokens, fingerprint {v.Fingerprint[..12]})", v.ToString());
    }

    [Fact]
    public void FilesHaveTheDocumentedFormAndBadFilesAreNamed()
    {
        var v = Vocabulary.FromTokens(["a", "\uD800"]);
        var json = v.ToJson();
        Assert.Equal("workbench-vocabulary", json["format"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<int>());
        Assert.Equal(4, json["specialCount"]!.GetValue<int>());
        var dir = Directory.CreateTempSubdirectory("vocab").FullName;
        try
        {
            var path = Path.Combine(dir, "v.json");
            v.Save(path);
            Assert.DoesNotContain('\n', File.ReadAllText(path));   // one compact line
            var missing = Path.Combine(dir, "none.json");
            Assert.Contains($"Vocabulary file not found: {missing}", Assert.Throws<FileNotFoundException>(() => Vocabulary.Load(missing)).Message);
            File.WriteAllText(path, "{\"format\": ");
            Assert.Contains($"{path}: not valid JSON", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
            File.WriteAllText(path, "{\"format\": \"something-else\"}");
            Assert.Contains("not a workbench vocabulary", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
            File.WriteAllText(path, "{\"format\": \"workbench-vocabulary\"}");
            Assert.Contains("missing \"tokens\" array", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
            File.WriteAllText(path, "{\"format\": \"workbench-vocabulary\", \"tokens\": [\"<pad>\", \"<unk>\", \"<bos>\", \"<eos>\", 7]}");
            Assert.Contains($"{path}: token 4: expected a token string", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
            File.WriteAllText(path, "{\"format\": \"workbench-vocabulary\", \"tokens\": [\"<pad>\", \"<eos>\"]}");
            Assert.Contains($"{path}: Vocabulary must start with", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TokenizerFilesRoundTripEveryTypeAndNameWhatIsWrong()
    {
        var space = Assert.IsType<WhitespaceTokenizer>(TokenizerJson.FromJson(TokenizerJson.ToJson(new WhitespaceTokenizer())));
        Assert.Equal("space", TokenizerJson.ToJson(space)["type"]!.GetValue<string>());
        // A word tokenizer without options gets the defaults: lowercase, whitespace dropped.
        var word = Assert.IsType<WordTokenizer>(TokenizerJson.FromJson(JsonNode.Parse("{\"type\": \"word\"}")));
        Assert.True(word.Lowercase);
        Assert.False(word.KeepWhitespace);
        string Error(string json) => Assert.Throws<InvalidDataException>(() => TokenizerJson.FromJson(JsonNode.Parse(json), "tok.json")).Message;
        Assert.Contains("tok.json: expected a JSON object", Error("[1]"));
        Assert.Contains("tok.json: missing \"type\" field", Error("{}"));
        Assert.Contains("tok.json: bpe tokenizer lacks \"alphabet\"", Error("{\"type\": \"bpe\", \"merges\": []}"));
        Assert.Contains("tok.json: bpe tokenizer lacks \"merges\"", Error("{\"type\": \"bpe\", \"alphabet\": []}"));
        Assert.Contains("tok.json: merge #1 is not a [left, right] pair", Error("{\"type\": \"bpe\", \"alphabet\": [\"a\"], \"merges\": [[\"a\", \"a\"], [\"a\"]]}"));
        Assert.Contains("tok.json: alphabet entry 1: expected a token string", Error("{\"type\": \"bpe\", \"alphabet\": [\"a\", 2], \"merges\": []}"));
        Assert.Contains("tok.json: merge #0: expected a token string", Error("{\"type\": \"bpe\", \"alphabet\": [\"a\"], \"merges\": [[\"a\", {}]]}"));
        Assert.Contains("tok.json: merge #1: expected a token string", Error("{\"type\": \"bpe\", \"alphabet\": [\"a\"], \"merges\": [[\"a\", \"a\"], [3, \"a\"]]}"));
        Assert.Contains("tok.json: malformed word tokenizer", Error("{\"type\": \"word\", \"lowercase\": \"yes\"}"));
        // A merge listed twice (an edited file) is named with the file, not left as a bare ArgumentException.
        Assert.Contains("tok.json: malformed bpe tokenizer: BPE merge #1 ('a', 'b') is listed twice", Error("{\"type\": \"bpe\", \"alphabet\": [\"a\"], \"merges\": [[\"a\", \"b\"], [\"a\", \"b\"]]}"));
        Assert.Throws<ArgumentNullException>(() => TokenizerJson.ToJson(null!));
        Assert.Contains("Cannot serialise tokenizer of type OtherTokenizer", Assert.Throws<NotSupportedException>(() => TokenizerJson.ToJson(new OtherTokenizer())).Message);
        var missing = Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}.json");
        Assert.Contains($"Tokenizer file not found: {missing}", Assert.Throws<FileNotFoundException>(() => TokenizerJson.Load(missing)).Message);
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(bad, "{oops");
            Assert.Contains($"{bad}: not valid JSON", Assert.Throws<InvalidDataException>(() => TokenizerJson.Load(bad)).Message);
        }
        finally { File.Delete(bad); }
    }

    sealed class OtherTokenizer : ITokenizer
    {
        public string Type => "other";
        public IReadOnlyList<string> Tokenize(string text) => [text];
        public string Detokenize(IEnumerable<string> tokens) => string.Concat(tokens);
    }
}
