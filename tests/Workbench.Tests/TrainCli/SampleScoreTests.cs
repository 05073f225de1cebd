using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.TrainCli;

/// <summary>`workbench sample` and `workbench score` on checkpoints that `workbench train` wrote, checked against the
/// library computing the same thing directly.</summary>
public class SampleScoreTests : IDisposable
{
    readonly CliRun cli = new();
    public void Dispose() => cli.Dispose();

    string TrainLm()
    {
        var data = cli.Example("proverbs.txt", "proverbs.txt", 300);
        var ck = cli.P("lm.safetensors");
        var (code, output) = cli.Run("train", "--data", data, "--lines", "--hidden", "24", "--embedding", "8", "--batch-size", "8",
            "--bptt", "32", "--epochs", "2", "--max-batches", "20", "-o", ck);
        Assert.True(code == 0, output);
        return ck;
    }

    static List<string> Samples(string output) => output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('(')).ToList();

    [Fact]
    public void SamplingIsSeededAndDrawsFromTheModelAsTheLibraryDoes()
    {
        var ck = TrainLm();
        var a = cli.Run("sample", ck, "--count", "3", "--length", "60", "--seed", "5", "--temperature", "0.9");
        var b = cli.Run("sample", ck, "--count", "3", "--length", "60", "--seed", "5", "--temperature", "0.9");
        var c = cli.Run("sample", ck, "--count", "3", "--length", "60", "--seed", "6", "--temperature", "0.9");
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Output, b.Output);
        Assert.NotEqual(a.Output, c.Output);
        Assert.Equal(3, Samples(a.Output).Count);

        // The same draws made with the library: start after <eos> (one example per line), <pad>/<unk>/<bos> banned.
        var (lm, info) = Checkpoint.LoadModel<RecurrentLanguageModel>(ck);
        lm.Eval();
        var v = info.Fields!.Source.Vocab;
        var g = new Generator(5);
        var expected = Enumerable.Range(0, 3).Select(_ => info.Fields.Source.Decode(Generate.Sample(lm, lm.InitialState(), v.EosId, v.EosId, 60,
            new SamplingOptions(0.9, Banned: [v.PadId, v.UnkId, v.BosId]), g).Tokens)).ToList();
        Assert.Equal(expected, Samples(a.Output));

        var prompt = cli.Run("sample", ck, "--prompt", "The wise", "--greedy", "--length", "30");
        Assert.Single(Samples(prompt.Output));
        Assert.StartsWith("The wise", prompt.Output);
        var bad = cli.Run("sample", ck, "--temperature", "0");
        Assert.Equal(2, bad.Code);
        Assert.Contains("temperature must be > 0", bad.Output);
    }

    [Fact]
    public void ScoresOfTextAndOfASplitAreTheLibrarysNumbers()
    {
        var ck = TrainLm();
        var (lm, info) = Checkpoint.LoadModel<RecurrentLanguageModel>(ck);
        var field = info.Fields!.Source;
        string[] texts = ["The wise shall inherit glory.", "glory inherit shall wise The"];
        var (code, output) = cli.Run(["score", ck, .. texts, "--tokens"]);
        Assert.True(code == 0, output);
        foreach (var t in texts)
        {
            var s = SentenceScorer.Score(lm, field.Encode(t), field.Vocab.EosId, field.Vocab.EosId);
            Assert.Matches($@"{Regex.Escape(t)}\s*│\s*{s.Tokens.Count}\s*│\s*{Regex.Escape(s.LogProb.ToString("F3", CultureInfo.InvariantCulture))}\s*│", output);
        }
        Assert.Contains("│ ␣ ", output);      // --tokens: one row per token, whitespace visible
        Assert.Contains("│ <eos> ", output);

        var split = cli.Run("score", ck, "--split", "test");
        Assert.Equal(0, split.Code);
        var data = Datasets.FromText(cli.P("proverbs.txt"), TokenLevel.Char, TextUnit.Line);
        var stream = data.Stream("test", Math.Min(8, data.Test.Length / 33), 32);
        double nll = SentenceScorer.MeanNll(lm, stream.Windows());
        Assert.Contains($"proverbs.txt test: {stream.BatchSize * (long)(stream.ColumnCount - 1):N0} tokens, {nll.ToString("F4", CultureInfo.InvariantCulture)} nats/token", split.Output);

        File.AppendAllText(cli.P("proverbs.txt"), "Changed.\n");
        var changed = cli.Run("score", ck, "--split", "valid");
        Assert.Equal(2, changed.Code);
        Assert.Contains("the data file changed since checkpoint", changed.Output);
    }

    [Fact]
    public void ASeq2SeqCheckpointDecodesInputsAndScoresASplit()
    {
        var ck = cli.P("dates.safetensors");
        var (code, output) = cli.Run("train", "--model", "seq2seq", "--dataset", "dates", "--hidden", "16", "--embedding", "8",
            "--epochs", "1", "--max-batches", "15", "--attention", "dot", "-o", ck);
        Assert.True(code == 0, output);
        var (model, info) = Checkpoint.LoadModel<Seq2SeqModel>(ck);
        model.Eval();
        var (src, tgt) = (info.Fields!.Source, info.Fields.Target!);

        var greedy = cli.Run("sample", ck, "--input", "3 May 1988", "--input", "Tuesday, 4 July 1999");
        Assert.Equal(0, greedy.Code);
        foreach (var input in new[] { "3 May 1988", "Tuesday, 4 July 1999" })
        {
            var h = model.Translate(src.Encode(input));
            Assert.Contains($"{input}\t{tgt.Decode(h.Best.Tokens)}\t", greedy.Output);
        }
        var beam = cli.Run("sample", ck, "--input", "3 May 1988", "--beam", "3", "--count", "2");
        Assert.Equal(2, beam.Output.Split('\n').Count(l => l.StartsWith("3 May 1988\t")));

        var score = cli.Run("score", ck, "--split", "test", "--limit", "40");
        Assert.Equal(0, score.Code);
        var data = Datasets.Dates();
        var scores = Seq2SeqEvaluation.Evaluate(model, Seq2SeqTraining.Pairs(data.Test.Take(40).ToList()));
        Assert.Contains($"dates test: 40 pairs, greedy: exact match {(scores.ExactMatch * 100).ToString("F1", CultureInfo.InvariantCulture)} %, " +
            $"token accuracy {(scores.TokenAccuracy * 100).ToString("F1", CultureInfo.InvariantCulture)} %, BLEU {scores.Bleu.ToString("F2", CultureInfo.InvariantCulture)}", score.Output);
    }
}
