using System.Text;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Heads;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tokenization;

namespace Workbench.Tests.TrainCli;

/// <summary>`workbench train`, end to end in process, on tiny budgets.</summary>
public class TrainCommandTests : IDisposable
{
    readonly CliRun cli = new();
    public void Dispose() => cli.Dispose();

    // A small language model on the committed example, a few batches per epoch: seconds.
    string[] Lm(string data, string output, params string[] more) =>
        ["train", "--data", data, "--lines", "--hidden", "12", "--embedding", "8", "--batch-size", "4", "--bptt", "16",
         "--max-batches", "6", "--dropout", "0.2", "--layers", "2", "-o", output, .. more];

    string[] Seq2Seq(string data, string output, params string[] more) =>
        ["train", "--model", "seq2seq", "--data", data, "--header", "--source-column", "1", "--target-column", "2", "--level", "word",
         "--min-frequency", "2", "--hidden", "12", "--embedding", "8", "--batch-size", "8", "--max-batches", "5", "--attention", "additive",
         "--bidirectional", "-o", output, .. more];

    [Fact]
    public void ALanguageModelTrainedInOneGoEqualsOneStoppedAndResumedByteForByte()
    {
        var data = cli.Example("proverbs.txt", "proverbs.txt", 300);
        var (c1, o1) = cli.Run(Lm(data, cli.P("straight.safetensors"), "--epochs", "3"));
        Assert.True(c1 == 0, o1);
        var (c2, o2) = cli.Run(Lm(data, cli.P("resumed.safetensors"), "--epochs", "1"));
        Assert.True(c2 == 0, o2);
        // The resumed run names only the checkpoint and the new total: everything else comes from the checkpoint.
        var (c3, o3) = cli.Run("train", "-o", cli.P("resumed.safetensors"), "--epochs", "3", "--resume");
        Assert.True(c3 == 0, o3);
        Assert.Contains("resuming:", o3);
        Assert.Contains("after epoch 1", o3);
        SameRun(cli.P("straight.safetensors"), cli.P("resumed.safetensors"));
    }

    [Fact]
    public void ASeq2SeqModelTrainedInOneGoEqualsOneStoppedAndResumedByteForByte()
    {
        var data = cli.Example("pairs.csv", "proverbs-en-es.csv");
        Assert.Equal(0, cli.Run(Seq2Seq(data, cli.P("straight.safetensors"), "--epochs", "3", "--dropout", "0.1")).Code);
        Assert.Equal(0, cli.Run(Seq2Seq(data, cli.P("resumed.safetensors"), "--epochs", "2", "--dropout", "0.1")).Code);
        var (code, output) = cli.Run("train", "--resume", "-o", cli.P("resumed.safetensors"), "--epochs", "3", "--model", "seq2seq", "--hidden", "12");
        Assert.True(code == 0, output);   // settings equal to the stored ones may be repeated
        SameRun(cli.P("straight.safetensors"), cli.P("resumed.safetensors"));
    }

    void SameRun(string a, string b)
    {
        var ta = CliRun.TensorBytes(a); var tb = CliRun.TensorBytes(b);
        Assert.Equal(ta.Keys.Order(), tb.Keys.Order());
        Assert.Contains(ta.Keys, k => k.StartsWith(Checkpoint.OptimizerPrefix));
        foreach (var (k, bytes) in ta) Assert.True(bytes.AsSpan().SequenceEqual(tb[k]), $"{k} differs");
        var ma = SafeTensors.Load(a).Metadata; var mb = SafeTensors.Load(b).Metadata;
        Assert.Equal(ma["generator_state"], mb["generator_state"]);
        Assert.Equal(ma[Checkpoint.ModelKey], mb[Checkpoint.ModelKey]);
        var ha = JsonNode.Parse(ma["training"])!["history"]!.AsArray(); var hb = JsonNode.Parse(mb["training"])!["history"]!.AsArray();
        Assert.Equal(3, ha.Count);
        Assert.Equal(ha.Select(r => r!["TrainLoss"]!.GetValue<double>()), hb.Select(r => r!["TrainLoss"]!.GetValue<double>()));
        Assert.Equal(ha.Select(r => r!["ValidLoss"]!.GetValue<double>()), hb.Select(r => r!["ValidLoss"]!.GetValue<double>()));
        Assert.Equal(ha.Select(r => r!["Step"]!.GetValue<long>()), hb.Select(r => r!["Step"]!.GetValue<long>()));
    }

    [Fact]
    public void TrainOnYourOwnFileEndToEndAndTheCheckpointSaysWhatItWasTrainedOn()
    {
        var data = cli.Example("my proverbs.txt", "proverbs.txt", 200);
        var (code, output) = cli.Run(Lm(data, cli.P("mine.safetensors"), "--epochs", "2"));
        Assert.True(code == 0, output);
        Assert.Contains("epoch 1/2  step 6/6  loss", output);                 // plain progress lines when not a terminal
        Assert.Matches(@"epoch 2/2  train loss \d+\.\d+ \(ppl \d+\.\d+\)  valid loss \d+\.\d+", output);
        Assert.Contains("tok/s  ETA", output);
        var (lm, info) = Checkpoint.LoadModel<RecurrentLanguageModel>(cli.P("mine.safetensors"));
        var file = DataFile.Describe(data);
        Assert.Equal(new TrainingData("my proverbs.txt", file), info.Data);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(data))), info.Data!.File!.Sha256);
        Assert.Equal(new FileInfo(data).Length, info.Data.File.Bytes);
        var expected = Datasets.FromText(data, TokenLevel.Char, TextUnit.Line);
        Assert.Equal(expected.Field.Vocab.Fingerprint, info.Fields!.Source.Vocab.Fingerprint);
        Assert.Equal(new LanguageModelConfig(CellKind.Lstm, expected.Field.Vocab.Count, 8, 12, 2, 0.2f), lm.Config);
        Assert.Empty(Directory.GetFiles(cli.Dir, ".*.tmp"));   // atomic writes leave no temporary files
    }

    [Fact]
    public void AConfigFileGivesTheSettingsAndOptionsOverrideIt()
    {
        Directory.CreateDirectory(cli.P("run"));
        cli.Example("run/pairs.csv", "proverbs-en-es.csv");
        File.WriteAllText(cli.P("run/run.json"), """
            { // comments and trailing commas are fine
              "model": "seq2seq", "data": "pairs.csv", "header": true, "sourceColumn": 1, "targetColumn": 2,
              "level": "word", "cell": "GRU", "attention": "dot", "hidden": 10, "embedding": 6,
              "batchSize": 16, "maxBatches": 3, "epochs": 5, "output": "out/model.safetensors",
            }
            """);
        var (code, output) = cli.Run("train", "--config", cli.P("run/run.json"), "--epochs", "1", "--seed", "7");
        Assert.True(code == 0, output);
        var path = cli.P("run/out/model.safetensors");   // relative to the config file's folder
        var (model, info) = Checkpoint.LoadModel<Seq2SeqModel>(path);
        Assert.Equal((CellKind.Gru, AttentionKind.Dot, 10, 6), (model.Config.Cell, model.Config.Attention, model.Config.HiddenSize, model.Config.EmbeddingDim));
        var settings = JsonNode.Parse(info.Metadata["training"])!["settings"]!;
        Assert.Equal(1, settings["epochs"]!.GetValue<int>());
        Assert.Equal(7, settings["seed"]!.GetValue<long>());
        Assert.Equal("gru", settings["cell"]!.GetValue<string>());
        Assert.Equal(1, JsonNode.Parse(info.Metadata["training"])!["epoch"]!.GetValue<int>());
    }

    [Fact]
    public void AShippedDatasetTrainsByName()
    {
        var (code, output) = cli.Run("train", "--model", "seq2seq", "--dataset", "dates", "--hidden", "8", "--embedding", "4", "--epochs", "1",
            "--max-batches", "2", "-o", cli.P("dates.safetensors"));
        Assert.True(code == 0, output);
        var (_, info) = Checkpoint.LoadModel<Seq2SeqModel>(cli.P("dates.safetensors"));
        Assert.Equal(new TrainingData("dates"), info.Data);
    }

    // ---------------- bad input: a clear error, exit code 2, nothing written or changed ----------------

    [Theory]
    [InlineData("""{"dataset": "moby-dikc", "epochs": 1}""", "unknown dataset 'moby-dikc' (config file", "known datasets: moby-dick")]
    [InlineData("""{"dataset": "names", "cell": "transformer"}""", "unknown cell kind 'transformer' (config file", "known: lstm, gru, rnn / rnn-tanh")]
    [InlineData("""{"model": "seq2seq", "dataset": "dates", "attention": "luong"}""", "unknown attention kind 'luong' (config file", "known: none, additive / bahdanau")]
    [InlineData("""{"model": "gpt", "dataset": "dates"}""", "unknown model 'gpt' (config file", "lm")]
    [InlineData("""{"dataset": "dates", "epoch": 3}""", "unknown setting 'epoch'", "known settings: model, dataset")]
    [InlineData("""{"dataset": "dates", "epochs": "three"}""", "setting 'epochs' has the wrong type", "\"three\"")]
    [InlineData("""{"dataset": "sentiment"}""", "dataset 'sentiment' (config file", "is not a text corpus")]
    [InlineData("""{"model": "seq2seq", "dataset": "moby-dick"}""", "dataset 'moby-dick' (config file", "try dates")]
    [InlineData("""{"dataset": "dates", "bidirectional": true}""", "setting 'bidirectional' (config file", "applies to seq2seq models")]
    [InlineData("""{"dataset": "moby-dick", "level": "word"}""", "setting 'level' (config file", "applies to --data files")]
    [InlineData("""[1, 2]""", "expected a JSON object of settings", "config file")]
    public void ABadConfigFileIsNamedAndNothingIsWritten(string json, string expected, string alsoExpected)
    {
        File.WriteAllText(cli.P("bad.json"), json);
        var (code, output) = cli.Run("train", "--config", cli.P("bad.json"), "-o", cli.P("never.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("error:", output);
        Assert.Contains(expected, output);
        Assert.Contains(alsoExpected, output);
        if (expected.Contains("(config file")) Assert.Contains(cli.P("bad.json"), output);
        Assert.False(File.Exists(cli.P("never.safetensors")));
    }

    [Fact]
    public void AnUnknownCellKindOnTheCommandLineNamesTheOption()
    {
        var (code, output) = cli.Run("train", "--dataset", "dates", "--model", "seq2seq", "--cell", "lstn", "-o", cli.P("x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("unknown cell kind 'lstn' (--cell)", output);
    }

    public static IEnumerable<object[]> BadDataFiles => new[]
    {
        new object[] { "missing.txt", null!, "Data file not found" },
        new object[] { "empty.txt", Array.Empty<byte>(), "Data file is empty" },
        new object[] { "latin1.txt", Encoding.Latin1.GetBytes(string.Join("\n", Enumerable.Range(0, 20).Select(i => $"line {i}")) + "\nna\u00efve\n"), "byte 0xEF at offset 152 (line 21, byte 3 of the line)" },
        new object[] { "short.txt", Encoding.UTF8.GetBytes("one\ntwo\nthree\nfour\n"), "leaves the validation split empty; the file needs at least 6" },
    };

    [Theory]
    [MemberData(nameof(BadDataFiles))]
    public void BadDataIsRefusedBeforeAnythingIsTrainedOrWritten(string name, byte[]? content, string expected)
    {
        var path = cli.P(name);
        if (content is not null) File.WriteAllBytes(path, content);
        var (code, output) = cli.Run(Lm(path, cli.P("never.safetensors"), "--epochs", "1"));
        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.Contains(path, output);
        Assert.DoesNotContain("epoch 1/1", output);
        Assert.False(File.Exists(cli.P("never.safetensors")));
    }

    [Fact]
    public void ABadPairsRecordNamesItsLine()
    {
        var lines = File.ReadAllLines(RepoPaths.File("datasets/examples/proverbs-en-es.csv")).Take(40).ToList();
        lines[17] = lines[17] + ",an extra column";
        var path = cli.P("pairs.csv");
        File.WriteAllLines(path, lines);
        var (code, output) = cli.Run(Seq2Seq(path, cli.P("never.safetensors"), "--epochs", "1"));
        Assert.Equal(2, code);
        Assert.Contains($"{path}:18: has 4 column(s) but line 1 has 3", output);
        Assert.False(File.Exists(cli.P("never.safetensors")));
    }

    /// <summary>Trains a checkpoint, then runs a bad command against it: exit 2, the message, and the same bytes.</summary>
    void Untouched(string checkpoint, string[] args, params string[] expected)
    {
        var before = File.ReadAllBytes(checkpoint);
        var (code, output) = cli.Run(args);
        Assert.True(code == 2, output);
        foreach (var e in expected) Assert.Contains(e, output);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(checkpoint)!, ".*.tmp"));
    }

    [Fact]
    public void ResumingWithAnotherDatasetOrVocabularyIsRefusedAndTheCheckpointKeepsItsBytes()
    {
        var data = cli.Example("a.txt", "proverbs.txt", 120);
        var ck = cli.P("ck.safetensors");
        Assert.Equal(0, cli.Run(Lm(data, ck, "--epochs", "1")).Code);

        var other = cli.Example("b.txt", "proverbs.txt", 130);
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--data", other],
            $"checkpoint '{ck}' was trained on a.txt", "this run's data is b.txt", "a different dataset");
        File.AppendAllText(data, "A new proverb for the file.\n");   // the same file, changed since
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2"], "was trained on a.txt", "sha256", "a different dataset");
        File.WriteAllLines(data, File.ReadAllLines(data)[..^1]);        // back as it was
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--dataset", "moby-dick-chars"], "was trained on a.txt", "the dataset 'moby-dick-chars'");
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--min-frequency", "2"],
            "was trained with minFrequency = 1, but --min-frequency asks for 2; the vocabulary would differ");
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--level", "word"], "level = 'char'", "'word'", "the vocabulary would differ");
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--hidden", "64"], "hidden = 12", "the model's shape would differ");
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2", "--model", "seq2seq"], "model = 'language-model'", "another model family");
        Untouched(ck, Lm(data, ck, "--epochs", "2"), "exists: pass --resume to continue it, or --force");
        Untouched(ck, ["train", "--resume", "--force", "-o", ck], "contradict");
        // and with the same settings it resumes
        Assert.Equal(0, cli.Run("train", "--resume", "-o", ck, "--epochs", "2").Code);
    }

    [Fact]
    public void AVocabularyThatNoLongerMatchesIsRefused()
    {
        // The stored vocabulary is replaced by another one (the data and settings stay): the rebuilt data's vocabulary
        // no longer matches the checkpoint's, which must be caught before training.
        var data = cli.Example("a.txt", "proverbs.txt", 120);
        var ck = cli.P("ck.safetensors");
        Assert.Equal(0, cli.Run(Lm(data, ck, "--epochs", "1")).Code);
        var (tensors, meta) = SafeTensors.Load(ck);
        var (model, info) = Checkpoint.LoadModel(ck);
        var shuffled = new Vocabulary(info.Fields!.Source.Vocab.Tokens.Take(4).Concat(info.Fields.Source.Vocab.Tokens.Skip(4).Reverse()));
        foreach (var (k, v) in new Workbench.Checkpoints.ModelFields(new TextField(info.Fields.Source.Tokenizer, shuffled)).ToMetadata()) meta[k] = v;
        SafeTensors.Save(ck, tensors, meta);
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2"], "source vocabulary of", "fingerprint", "token ids would not mean the same tokens");
    }

    [Fact]
    public void ACheckpointOfAnotherFamilyIsRefusedByTrainSampleAndScore()
    {
        var words = Datasets.SpaceFieldBuilder()(["a b c", "c d"]);
        var tags = Datasets.SpaceFieldBuilder()(["O B-PER", "O"]);
        var tagger = new SequenceTagger(new SequenceTaggerConfig(CellKind.Gru, words.Vocab.Count, tags.Vocab.Count), new Generator(1));
        var ck = cli.P("tagger.safetensors");
        Checkpoint.Save(ck, tagger, new Workbench.Checkpoints.ModelFields(words, tags));
        Untouched(ck, ["train", "--resume", "-o", ck, "--epochs", "2"], $"checkpoint '{ck}' holds a tagger model", "language models and seq2seq models");
        Untouched(ck, ["sample", ck], $"checkpoint '{ck}' holds a tagger model", "`workbench sample` uses language-model or seq2seq checkpoints");
        Untouched(ck, ["score", ck, "a b"], $"checkpoint '{ck}' holds a tagger model");
        // a seq2seq checkpoint handed to the language-model path of sample
        var data = cli.Example("pairs.csv", "proverbs-en-es.csv", 60);
        var s2s = cli.P("s2s.safetensors");
        Assert.Equal(0, cli.Run(Seq2Seq(data, s2s, "--epochs", "1")).Code);
        Untouched(s2s, ["sample", s2s, "--prompt", "The"], "holds a seq2seq model: give it something to decode with --input");
        Untouched(s2s, ["score", s2s, "some text"], "holds a seq2seq model; score it on a split");
        Untouched(s2s, ["sample", cli.P("nope.safetensors")], "no checkpoint at");
    }

    [Fact]
    public void ALossThatTurnsNaNStopsWithAClearMessageAndLeavesTheCheckpoint()
    {
        var data = cli.Example("a.txt", "proverbs.txt", 120);
        var ck = cli.P("ck.safetensors");
        Assert.Equal(0, cli.Run(Lm(data, ck, "--epochs", "1")).Code);
        var before = File.ReadAllBytes(ck);
        var (code, output) = cli.Run(Lm(data, ck, "--epochs", "1", "--lr", "1e30", "--clip", "0", "--force"));
        Assert.Equal(1, code);
        Assert.Matches(@"error: training diverged in epoch 1, at its step \d+ \(step \d+ of the run\): .*(NaN|∞|Infinity)", output);
        Assert.Contains($"'{ck}' was not touched", output);
        Assert.Contains("Try a lower --lr (now 1E+30)", output);
        Assert.Equal(before, File.ReadAllBytes(ck));
    }

    [Theory]
    [InlineData("train", "Examples", "--resume", "--data", "--config", "workbench train --dataset moby-dick-chars")]
    [InlineData("sample", "Examples", "--prompt", "--temperature", "--beam", "workbench sample checkpoints/moby.safetensors")]
    [InlineData("score", "Examples", "--tokens", "--split", "workbench score checkpoints/moby.safetensors")]
    public void HelpTeachesEachCommandWithExamples(string command, params string[] expected)
    {
        var writer = new StringWriter();
        int code = Workbench.Cli.Commands.WorkbenchCommand.Create(Workbench.Cli.Commands.CliConsole.Create(new StringWriter(), false))
            .Parse([command, "--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = writer });
        Assert.Equal(0, code);
        foreach (var e in expected) Assert.Contains(e, writer.ToString());
    }
}
