using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Workbench.Data;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tokenization;

namespace Workbench.Tests.Data;

/// <summary>Datasets.FromText and Datasets.FromPairs: a user's file becomes the same kind of dataset as a shipped one.</summary>
public class UserDataTests : IDisposable
{
    readonly TempFolder temp = new("wb-userdata-");
    public void Dispose() => temp.Dispose();

    /// <summary>Lines that each hold every letter a..j once (in a seeded order), so a character vocabulary built on
    /// any training split covers every line and decoding is exact.</summary>
    static List<string> LetterLines(int count, int seed = 1)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, count).Select(i => new string(g.Permutation(10).Select(k => (char)('a' + k)).ToArray())).ToList();
    }

    // ---------------- FromText ----------------

    [Theory]
    [InlineData(40)]
    [InlineData(250)]   // more lines than blocks: blocks of several lines
    public void ADocumentRoundTripsThroughItsThreeSplits(int count)
    {
        var lines = LetterLines(count);
        var path = temp.Write("doc.txt", string.Join("\n", lines) + "\n");
        var data = Datasets.FromText(path, TokenLevel.Char);
        Assert.Equal("doc.txt", data.Name);
        var parts = new[] { data.Train, data.Valid, data.Test }.Select(s => data.Field.Decode(s, stopAtEos: false)).ToArray();
        Assert.All(parts, p => Assert.NotEqual("", p));
        var seen = parts.SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(lines.Order(), seen.Order());                       // every line once, in exactly one split
        foreach (var p in parts)                                          // each split keeps file order
        {
            var idx = p.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => lines.IndexOf(l)).ToList();
            Assert.Equal(idx.Order(), idx);
        }
        Assert.True(data.Train.Length > 6 * data.Valid.Length, $"train {data.Train.Length} vs valid {data.Valid.Length}");
        Assert.DoesNotContain(data.Field.Vocab.UnkId, data.Train);
    }

    [Fact]
    public void LineEndingsAndAByteOrderMarkDoNotChangeTheDataset()
    {
        var lines = LetterLines(30).Select((l, i) => i % 7 == 3 ? "" : l + " é").ToList();   // blank lines and a 2-byte character
        string text = string.Join("\n", lines);
        var lf = Datasets.FromText(temp.Write("lf.txt", text + "\n"), TokenLevel.Char);
        foreach (var (name, variant, bom) in new[] { ("crlf.txt", text.Replace("\n", "\r\n") + "\r\n", false), ("bom.txt", text, true),
                                                     ("cr.txt", text.Replace("\n", "\r"), false), ("bom-crlf.txt", text.Replace("\n", "\r\n"), true) })
        {
            var other = Datasets.FromText(temp.Write(name, variant, bom), TokenLevel.Char);
            Assert.Equal(lf.Field.Vocab.Fingerprint, other.Field.Vocab.Fingerprint);
            Assert.Equal(lf.Train, other.Train);
            Assert.Equal(lf.Valid, other.Valid);
            Assert.Equal(lf.Test, other.Test);
        }
        Assert.DoesNotContain("\r", lf.Field.Vocab.Tokens);
        Assert.DoesNotContain("\uFEFF", lf.Field.Vocab.Tokens);
    }

    [Fact]
    public void TheSeedFixesTheSplitAndAnotherSeedChangesIt()
    {
        var path = temp.Write("seeded.txt", string.Join("\n", LetterLines(60)));
        var a = Datasets.FromText(path, TokenLevel.Char, TextUnit.Line, seed: 3);
        var b = Datasets.FromText(path, TokenLevel.Char, TextUnit.Line, seed: 3);
        var c = Datasets.FromText(path, TokenLevel.Char, TextUnit.Line, seed: 4);
        Assert.Equal(a.Train, b.Train); Assert.Equal(a.Valid, b.Valid); Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Valid, c.Valid);
        // The same rule as the shipped loaders: Split.Random over the pieces (here lines) with the seed, file order kept.
        var lines = LetterLines(60);
        var expected = Split.Random(Enumerable.Range(0, 60).ToList(), 0.1, 0.1, 3);
        Assert.Equal(expected.Valid.Order().Select(i => lines[i]), SplitAtEos(a, a.Valid));
        Assert.Equal(expected.Test.Order().Select(i => lines[i]), SplitAtEos(a, a.Test));
        Assert.Equal(expected.Train.Order().Select(i => lines[i]), SplitAtEos(a, a.Train));
    }

    static IEnumerable<string> SplitAtEos(LanguageModelDataset d, int[] stream)
    {
        var current = new List<int>();
        foreach (int id in stream)
        {
            if (id != d.Field.Vocab.EosId) { current.Add(id); continue; }
            yield return d.Field.Decode(current);
            current.Clear();
        }
    }

    [Fact]
    public void LineModeEndsEveryNonBlankLineWithEos()
    {
        var lines = new[] { "Anna", "", "Bob", "  ", "Chiara", "Dmitri" }.Concat(Enumerable.Range(0, 20).Select(i => $"Name{i}")).ToList();
        var data = Datasets.FromText(temp.Write("names.txt", string.Join("\r\n", lines)), TokenLevel.Char, TextUnit.Line);
        int eos = data.Field.Vocab.EosId;
        var all = new[] { data.Train, data.Valid, data.Test };
        Assert.Equal(lines.Count(l => l.Trim().Length > 0), all.Sum(s => s.Count(id => id == eos)));
        Assert.All(all, s => Assert.Equal(eos, s[^1]));
        var train = SplitAtEos(data, data.Train).ToList();   // the vocabulary comes from these, so they decode exactly
        Assert.Equal(data.Train.Count(id => id == eos), train.Count);
        Assert.All(train, n => Assert.Contains(n, lines));
        Assert.DoesNotContain("\n", data.Field.Vocab.Tokens);
    }

    [Fact]
    public void WordLevelDocumentsEndParagraphsWithEosAsMobyDickDoes()
    {
        // 30 paragraphs of two wrapped lines each, separated by blank lines.
        var paragraphs = Enumerable.Range(0, 30).Select(i => ($"The whale number {i} swam", "far away today.")).ToList();
        var text = string.Join("\n\n", paragraphs.Select(p => p.Item1 + "\n" + p.Item2));
        var data = Datasets.FromText(temp.Write("whales.txt", text), TokenLevel.Word, minFrequency: 1);
        int eos = data.Field.Vocab.EosId;
        // Blocks may cut a paragraph, but every paragraph ends with exactly one <eos>, and only there.
        Assert.Equal(30, new[] { data.Train, data.Valid, data.Test }.Sum(s => s.Count(id => id == eos)));
        var train = SplitAtEos(data, data.Train).ToList();
        Assert.All(train, p => Assert.EndsWith("far away today.", p));
        Assert.Contains(train, p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^The whale number (\d+|<unk>) swam far away today\.$"));
        Assert.DoesNotContain("\n", data.Field.Vocab.Tokens);
        // min frequency and max size act on the training split's counts
        var rare = Datasets.FromText(temp.Write("whales2.txt", text), TokenLevel.Word, minFrequency: 2);
        Assert.DoesNotContain("17", rare.Field.Vocab.Tokens);
        Assert.Contains("whale", rare.Field.Vocab.Tokens);
        var small = Datasets.FromText(temp.Write("whales3.txt", text), TokenLevel.Word, maxVocabSize: 12);
        Assert.Equal(12, small.Field.Vocab.Count);
    }

    [Fact]
    public void BpeLevelLearnsMergesOnTheTrainingSplit()
    {
        var text = string.Join("\n", Enumerable.Range(0, 50).Select(i => "lower lowest newer newest wider widest"));
        var data = Datasets.FromText(temp.Write("bpe.txt", text), TokenLevel.Bpe, bpeMerges: 20);
        Assert.Equal("bpe", data.Field.Tokenizer.Type);
        Assert.Contains(data.Field.Vocab.Tokens, t => t.Length > 2);   // merged symbols
        Assert.StartsWith("lower lowest newer newest wider widest\nlower", data.Field.Decode(data.Train));
    }

    [Fact]
    public void LessonCodeTrainsOnAUserTextUnchanged()
    {
        var data = Datasets.FromText(temp.Write("lesson.txt", string.Join("\n", LetterLines(300))), TokenLevel.Char);
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Gru, data.Field.Vocab.Count, 8, 16), new Generator(1));
        var history = LanguageModelTraining.Train(lm, data, new LanguageModelTrainingOptions(BatchSize: 4, Bptt: 16, Epochs: 2, MaxSteps: 30));
        Assert.True(history.Records[^1].ValidLoss < Math.Log(data.Field.Vocab.Count), "the model learns something");
        Assert.Equal(4, data.Stream("train", 4, 16).BatchSize);
    }

    [Fact]
    public void ABigFileIsReadInChunksWithExactOffsetsAcrossChunkBoundaries()
    {
        // ~300 KB: multi-byte characters and CRLFs land on the 64 KiB chunk boundaries somewhere.
        var sb = new StringBuilder();
        for (int i = 0; i < 6000; i++) sb.Append($"line {i} ünïcødé ✓ 🐋 ").Append(new string('x', i % 17)).Append(i % 3 == 0 ? "\r\n" : "\n");
        var text = sb.ToString();
        var path = temp.Write("big.txt", text, bom: true);
        var lines = TextFile.ReadLines(path).ToList();
        var expected = text.Replace("\r\n", "\n").Split('\n')[..^1];
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, expected.Length).Select(i => (long)i), lines.Select(l => l.Number));
        var bytes = File.ReadAllBytes(path);
        foreach (var l in lines.Where(l => l.Number % 997 == 0))
            Assert.Equal(l.Text, Encoding.UTF8.GetString(bytes, (int)l.ByteOffset, Encoding.UTF8.GetByteCount(l.Text)));

        // A bad byte far into the file: its exact offset and line.
        int at = 200_003;
        while ((bytes[at] & 0xC0) == 0x80 || bytes[at] is (byte)'\n' or (byte)'\r') at++;   // the start of a character
        bytes[at] = 0xFF;
        var bad = temp.WriteBytes("big-bad.bin", bytes);
        var ex = Assert.Throws<InvalidDataException>(() => TextFile.ReadLines(bad).Count());
        long line = 1 + bytes.Take(at).Count(b => b == (byte)'\n');
        Assert.Contains($"byte 0xFF at offset {at} (line {line},", ex.Message);
        Assert.Contains(bad, ex.Message);
    }

    public static IEnumerable<object[]> BadTextFiles => new[]
    {
        new object[] { "empty.txt", Array.Empty<byte>(), "is empty" },
        new object[] { "bom-only.txt", new byte[] { 0xEF, 0xBB, 0xBF }, "only a UTF-8 byte-order mark" },
        new object[] { "blank.txt", Encoding.UTF8.GetBytes("\n   \n\t\n"), "has no text" },
        new object[] { "latin1.txt", Encoding.Latin1.GetBytes("caf\u00e9 au lait\nsecond line\n"), "byte 0xE9 at offset 3 (line 1, byte 4 of the line)" },
        new object[] { "truncated.txt", Encoding.UTF8.GetBytes("ok\nstill ok\nbad ").Concat(new byte[] { 0xE2, 0x82 }).ToArray(), "byte 0xE2 at offset 16 (line 3, byte 5 of the line)" },
        new object[] { "utf16.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("hello")).ToArray(), "byte 0xFF at offset 0 (line 1" },
        new object[] { "five-lines.txt", Encoding.UTF8.GetBytes("a\nb\nc\nd\ne\n"), "splitting 5 non-blank lines 80/10/10 leaves the validation split empty; the file needs at least 6" },
    };

    [Theory]
    [MemberData(nameof(BadTextFiles))]
    public void BadTextFilesAreRefusedWithTheProblemNamed(string name, byte[] bytes, string expected)
    {
        var path = temp.WriteBytes(name, bytes);
        var ex = Assert.ThrowsAny<Exception>(() => Datasets.FromText(path, TokenLevel.Char, TextUnit.Line));
        Assert.True(ex is InvalidDataException or FileNotFoundException, ex.GetType().Name);
        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void AMissingFileOrAFolderIsRefusedByName()
    {
        var missing = Path.Combine(temp.Folder, "nope.txt");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => Datasets.FromText(missing)).Message);
        Assert.Contains("is a folder", Assert.Throws<FileNotFoundException>(() => Datasets.FromText(temp.Folder)).Message);
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => Datasets.FromPairs(missing)).Message);
    }

    [Fact]
    public void ADocumentTooShortForThreeSplitsSaysHowManyLinesItNeeds()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Datasets.FromText(temp.Write("short.txt", "one\ntwo\nthree\n"), TokenLevel.Word));
        Assert.Contains("splitting 3 blocks", ex.Message);
        Assert.Contains("needs at least 6", ex.Message);
    }

    // ---------------- FromPairs ----------------

    [Fact]
    public void PairsRoundTripWithTheShippedConventions()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => (S: $"{i} cats", T: $"{i} gatos")).ToList();
        var path = temp.Write("pairs.tsv", "english\tspanish\n" + string.Join("\n", pairs.Select(p => $"{p.S}\t{p.T}")) + "\n\n");
        var data = Datasets.FromPairs(path, TokenLevel.Char, header: true);
        Assert.Equal(pairs.Count, data.Train.Count + data.Valid.Count + data.Test.Count);
        Assert.Equal((32, 4, 4), (data.Train.Count, data.Valid.Count, data.Test.Count));
        var all = data.Train.Concat(data.Valid).Concat(data.Test).ToList();
        Assert.Equal(pairs.Select(p => p.S).Order(), all.Select(e => e.Text!).Order());
        Assert.All(all, e => Assert.Equal(pairs.First(p => p.S == e.Text).T, e.TargetText));
        var v = data.Target!.Vocab;
        Assert.All(all, e => { Assert.Equal(v.BosId, e.Target![0]); Assert.Equal(v.EosId, e.Target[^1]); });
        Assert.All(data.Train, e => Assert.Equal(e.Text, data.Source.Decode(e.Source)));
        Assert.Contains("english -> spanish", data.Description);
        // what the seq2seq lessons do with it
        var train = Seq2SeqTraining.Pairs(data.Train);
        Assert.Equal(data.Train[0].TargetText, data.Target.Decode(train[0].Target));
    }

    [Fact]
    public void FromPairsSplitsExactlyAsTheShippedLoadersDo()
    {
        // Datasets.Copy builds its dataset from generated pairs with Datasets.Build; the same pairs in a file must give
        // the same examples in the same splits with the same vocabularies.
        var shipped = Datasets.Copy(count: 200, seed: 9);
        var rows = shipped.Train.Concat(shipped.Valid).Concat(shipped.Test).ToList();
        var generated = Workbench.Data.Synthetic.CopyTask.Copy(200, new Generator(9), 3, 10, 8);
        var path = temp.Write("copy.tsv", string.Join("\n", generated.Select(p => $"{p.Source}\t{p.Target}")));
        var mine = Datasets.FromPairs(path, seed: 9);
        Assert.Equal(shipped.Source.Vocab.Fingerprint, mine.Source.Vocab.Fingerprint);
        Assert.Equal(shipped.Target!.Vocab.Fingerprint, mine.Target!.Vocab.Fingerprint);
        foreach (var (a, b) in new[] { (shipped.Train, mine.Train), (shipped.Valid, mine.Valid), (shipped.Test, mine.Test) })
        {
            Assert.Equal(a.Select(e => e.Text), b.Select(e => e.Text));
            Assert.Equal(a.Select(e => e.Target), b.Select(e => e.Target));
        }
        var other = Datasets.FromPairs(path, seed: 10);
        Assert.NotEqual(mine.Valid.Select(e => e.Text), other.Valid.Select(e => e.Text));
    }

    [Fact]
    public void CsvQuotingFollowsRfc4180AsPythonsCsvModuleReadsIt()
    {
        var records = new List<string[]> { new[] { "id", "source", "target" } };
        var g = new Generator(5);
        string[] pieces = ["plain", "with, comma", "say \"hi\"", "two\nlines", "", "ünï ✓", " spaced ", "\"quoted\""];
        for (int i = 0; i < 30; i++) records.Add([i.ToString(), pieces[g.NextInt(pieces.Length)] + i, pieces[g.NextInt(pieces.Length)] + "!"]);
        static string Quote(string f) => f.Contains(',') || f.Contains('"') || f.Contains('\n') || f.StartsWith(' ') ? "\"" + f.Replace("\"", "\"\"") + "\"" : f;
        var csv = string.Join("\r\n", records.Select(r => string.Join(",", r.Select(Quote)))) + "\r\n";
        var path = temp.Write("pairs.csv", csv);

        var ours = DelimitedFile.Read(path, PairsFormat.Auto).Select(r => r.Fields).ToList();
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import csv,json,sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        var python = JsonSerializer.Deserialize<List<string[]>>(stdout)!.Select(r => r.Select(f => f.Replace("\r\n", "\n")).ToArray()).ToList();
        Assert.Equal(python, ours);
        Assert.Equal(records, ours);

        var data = Datasets.FromPairs(path, header: true, sourceColumn: 1, targetColumn: 2);
        Assert.Contains("source -> target", data.Description);
        var all = data.Train.Concat(data.Valid).Concat(data.Test).ToList();
        Assert.Equal(records.Skip(1).Select(r => r[1]).Order(), all.Select(e => e.Text!).Order());
    }

    public static IEnumerable<object[]> BadPairFiles => new[]
    {
        new object[] { "columns.tsv", "a\tb\nc\td\ne\tf\tg\nh\ti\n", 0, 1, false, ":3: has 3 column(s) but line 1 has 2" },
        new object[] { "empty-target.tsv", "a\tb\nc\t\ne\tf\n", 0, 1, false, ":2: the target (column 1) is empty" },
        new object[] { "empty-source.csv", "a,b\n\" \",x\n", 0, 1, false, ":2: the source (column 0) is empty" },
        new object[] { "one-column.tsv", "just text\nmore text\n", 0, 1, false, ":1: has 1 column(s), so there is no column 1" },
        new object[] { "unclosed.csv", "a,b\nc,\"open\nstill open\n", 0, 1, false, ":2: a quoted field opened on this line is never closed (field 2)" },
        new object[] { "stray-quote.csv", "a,b\nc,d\"e\n", 0, 1, false, ":2: a quote inside a field that does not start with one (field 2" },
        new object[] { "after-quote.csv", "a,b\n\"c\"x,d\n", 0, 1, false, ":2: 'x' after the closing quote of a field (field 1" },
        new object[] { "header-only.csv", "source,target\n", 0, 1, true, "holds no pairs after its header" },
        new object[] { "too-few.tsv", "a\tb\nc\td\ne\tf\n", 0, 1, false, "splitting 3 pairs 80/10/10 leaves the validation split empty; the file needs at least 6" },
    };

    [Theory]
    [MemberData(nameof(BadPairFiles))]
    public void BadPairFilesAreRefusedWithTheLineNamed(string name, string text, int source, int target, bool header, string expected)
    {
        var path = temp.Write(name, text);
        var ex = Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(path, header: header, sourceColumn: source, targetColumn: target));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void ANonUtf8PairsFileNamesTheByte()
    {
        var path = temp.WriteBytes("latin1.tsv", Encoding.Latin1.GetBytes("uno\tone\ndos\ttwo\nni\u00f1o\tchild\n"));
        var ex = Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(path));
        Assert.Contains("byte 0xF1 at offset 18 (line 3, byte 3 of the line)", ex.Message);
        Assert.Contains("is empty", Assert.Throws<InvalidDataException>(() => Datasets.FromPairs(temp.WriteBytes("e.tsv", []))).Message);
    }
}
