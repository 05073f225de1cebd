using System.Text.Json;
using Workbench.Metrics;

namespace Workbench.Tests.Metrics;

/// <summary>
/// Bleu against sacreBLEU's own code: sacrebleu_reference.json holds what sacreBLEU 2.6.0 (run from its source by
/// sacrebleu_reference.py, which documents how to regenerate it) computed for the inputs of issue 18, edge cases,
/// corpora built from datasets/ and a seeded fuzz. Score, precisions and brevity penalty must agree to 1e-9,
/// counts, lengths and the printed score exactly; the tokenizer must give the same tokens on every line.
/// </summary>
public class SacreBleuReferenceTests
{
    const double Tolerance = 1e-9;

    static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.File("tests/Workbench.Tests/Metrics/sacrebleu_reference.json"))).RootElement);

    static IEnumerable<JsonElement> Corpora => Reference.Value.GetProperty("corpora").EnumerateArray();

    public static TheoryData<string> CorpusNames => new(Corpora.Select(c => c.GetProperty("name").GetString()!));

    static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Theory, MemberData(nameof(CorpusNames))]
    public void CorpusScoreEqualsSacreBleu(string name)
    {
        var c = Corpora.Single(e => e.GetProperty("name").GetString() == name);
        var hyps = Strings(c.GetProperty("hypotheses"));
        var refs = c.GetProperty("references").EnumerateArray().Select(r => (IReadOnlyList<string>)Strings(r)).ToList();

        var s = Bleu.Corpus(hyps, refs);

        Assert.Equal(c.GetProperty("sys_len").GetInt64(), s.HypothesisLength);
        Assert.Equal(c.GetProperty("ref_len").GetInt64(), s.ReferenceLength);
        Assert.Equal(c.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64()), s.Correct);
        Assert.Equal(c.GetProperty("totals").EnumerateArray().Select(e => e.GetInt64()), s.Total);
        var precisions = c.GetProperty("precisions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(precisions.Length, s.Precisions.Length);
        for (int n = 0; n < precisions.Length; n++)
            Assert.True(Math.Abs(precisions[n] - s.Precisions[n]) <= Tolerance, $"{name}: {n + 1}-gram precision {s.Precisions[n]:R}, sacreBLEU {precisions[n]:R}");
        double bp = c.GetProperty("bp").GetDouble(), score = c.GetProperty("score").GetDouble();
        Assert.True(Math.Abs(bp - s.BrevityPenalty) <= Tolerance, $"{name}: BP {s.BrevityPenalty:R}, sacreBLEU {bp:R}");
        Assert.True(Math.Abs(score - s.Value) <= Tolerance, $"{name}: BLEU {s.Value:R}, sacreBLEU {score:R}");
        Assert.Equal(c.GetProperty("text").GetString(), s.ToString());   // printed as sacreBLEU prints it
    }

    [Fact]
    public void TokenizerAndSegmentPreprocessingEqualSacreBleuOnEveryLine()
    {
        // "tokenizer": sacreBLEU's Tokenizer13a on the raw line; "segment": what BLEU counts (rstrip, then 13a).
        var wrong = new List<string>();
        int lines = 0;
        foreach (var t in Reference.Value.GetProperty("tokenizations").EnumerateArray())
        {
            lines++;
            string line = t.GetProperty("line").GetString()!;
            string tok = string.Join(" ", Bleu.Tokenize13a(line)), seg = string.Join(" ", Bleu.TokenizeSegment(line));
            if (tok != t.GetProperty("tokenizer").GetString() || seg != t.GetProperty("segment").GetString())
                wrong.Add(JsonSerializer.Serialize(line) + " -> " + JsonSerializer.Serialize(tok) + " / " + JsonSerializer.Serialize(seg)
                          + ", sacreBLEU " + t.GetProperty("tokenizer").GetRawText() + " / " + t.GetProperty("segment").GetRawText());
        }
        Assert.True(lines > 1000, $"only {lines} tokenized lines in the reference file");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {lines} lines tokenized differently, e.g.\n" + string.Join("\n", wrong.Take(10)));
    }

    [Fact]
    public void WhitespaceIsExactlyPythonsStrIsspace()
    {
        // The code points Python's str.split() and str.rstrip() treat as whitespace, as Python itself listed them.
        var python = Reference.Value.GetProperty("python_whitespace").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        Assert.Contains(0x1C, python);   // where Python and char.IsWhiteSpace disagree
        var ours = Enumerable.Range(0, 0x10000).Where(c => PythonWhitespace.IsSpace((char)c)).ToHashSet();
        Assert.Equal(python.Order(), ours.Order());
    }

    [Fact]
    public void ReferenceFileHoldsEveryCaseTheIssueNames()
    {
        var names = Corpora.Select(c => c.GetProperty("name").GetString()!).ToHashSet();
        foreach (int ws in new[] { 0x09, 0xA0, 0x2009, 0x3000, 0x0B, 0x0C, 0x1C, 0x85, 0x2028 })
            Assert.Contains($"space-U+{ws:X4}-self", names);
        foreach (var n in new[] { "issue-tab-self", "issue-ideographic-space-self", "bible-es-trailing-cr", "issue-hyphen-newline-4",
                                  "issue-u0001-inside-token", "issue-four-u0001", "closest-ref-middle", "closest-ref-tie-shorter",
                                  "bible-es-3refs", "moby-3refs", "empty-hypotheses-all", "cjk", "emoji", "rtl", "fuzz-all" })
            Assert.Contains(n, names);
        Assert.True(names.Count(n => n.StartsWith("fuzz-")) >= 30);
        Assert.Equal("2.6.0", Reference.Value.GetProperty("sacrebleu").GetProperty("version").GetString());
    }
}
