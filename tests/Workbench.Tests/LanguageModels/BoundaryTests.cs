using Workbench.Data;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.LanguageModels;

/// <summary>Scoring and sampling start from the token that precedes every text in the training stream, never from
/// a token the model was not trained on (&lt;bos&gt; never occurs in a language-model stream).</summary>
public sealed class BoundaryTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-boundary-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Every piece of text ends with the boundary, so each split's stream does too, the training stream holds
    /// it once per piece at least, and &lt;bos&gt; is nowhere.</summary>
    static void AssertBoundaryEndsEveryStream(LanguageModelDataset data, string expectedToken, int minPieces)
    {
        var v = data.Field.Vocab;
        Assert.Equal(expectedToken, v.TokenOf(data.Boundary));
        foreach (var stream in new[] { data.Train, data.Valid, data.Test }) Assert.Equal(data.Boundary, stream[^1]);
        Assert.True(data.Train.Count(id => id == data.Boundary) >= minPieces, $"{data.Name}: the boundary occurs fewer than {minPieces} times in training");
        Assert.DoesNotContain(v.BosId, data.Train);
        Assert.Equal(LanguageModelDataset.BoundaryOf(data.Field), data.Boundary);   // the rule a checkpoint's field alone gives
    }

    [Theory]
    [InlineData(TokenLevel.Word, "<eos>")]
    [InlineData(TokenLevel.Char, "\n")]
    [InlineData(TokenLevel.Bpe, "\n")]
    public void MobyDickEndsEveryParagraphWithItsBoundary(TokenLevel level, string token) =>
        AssertBoundaryEndsEveryStream(Datasets.MobyDick(level, minFrequency: 5, bpeMerges: 200), token, minPieces: 1500);

    [Theory]
    [InlineData(TokenLevel.Char, TextUnit.Document, "\n")]
    [InlineData(TokenLevel.Bpe, TextUnit.Document, "\n")]
    [InlineData(TokenLevel.Word, TextUnit.Document, "<eos>")]
    [InlineData(TokenLevel.Char, TextUnit.Line, "<eos>")]
    [InlineData(TokenLevel.Word, TextUnit.Line, "<eos>")]
    public void UserTextEndsEveryPieceWithItsBoundary(TokenLevel level, TextUnit unit, string token)
    {
        var path = Path.Combine(dir, "whales.txt");
        File.WriteAllText(path, string.Join("\n\n", Enumerable.Range(0, 40).Select(i => $"The whale number {i} swam\nfar away today.")));
        AssertBoundaryEndsEveryStream(Datasets.FromText(path, level, unit, bpeMerges: 20), token, minPieces: 20);
    }

    [Fact]
    public void ABoundaryOutsideTheVocabularyIsRefused()
    {
        var field = new TextField(new Workbench.Tokenization.CharTokenizer(), Workbench.Tokenization.Vocabulary.Build([["a", "b"]]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LanguageModelDataset("tiny", "", field, [4, 5], [4], [5], boundary: 99));
        Assert.Contains("tiny", e.Message);
        Assert.Equal(field.Vocab.EosId, new LanguageModelDataset("tiny", "", field, [4, 5], [4], [5]).Boundary);
    }

    [Theory]
    [InlineData(TokenLevel.Word)]
    [InlineData(TokenLevel.Char)]
    public void TheScorerReadsTheBoundaryFirstAndPredictsItLast(TokenLevel level)
    {
        var data = Datasets.MobyDick(level, minFrequency: 5);
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Lstm, data.Field.Vocab.Count, 8, 12), new Generator(2));
        const string text = "The whale swam to the ship.";
        var ids = data.Field.Encode(text);
        var score = SentenceScorer.Score(lm, data, text);

        // The token the scorer starts from is one the model was trained on: it precedes texts in the training stream.
        Assert.Contains(data.Boundary, data.Train);
        double FirstFrom(int start) => lm.Step(null, [start]).LogProbs[ids[0]];
        Assert.Equal(FirstFrom(data.Boundary), score.Tokens[0].LogProb, 5);
        Assert.NotEqual(FirstFrom(data.Field.Vocab.BosId), score.Tokens[0].LogProb, 5);
        Assert.Equal(ids.Length + 1, score.Tokens.Count);
        Assert.Equal(data.Boundary, score.Tokens[^1].Id);
        Assert.Equal(SentenceScorer.Score(lm, ids, data.Boundary, data.Boundary).LogProb, score.LogProb, 9);
    }

    [Fact]
    public void SamplesDuringTrainingStartAfterTheBoundary()
    {
        var data = Datasets.MobyDick(TokenLevel.Char);
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Gru, data.Field.Vocab.Count, 8, 16), new Generator(3));
        var samples = new List<string>();
        var options = new LanguageModelTrainingOptions(BatchSize: 8, Bptt: 16, Epochs: 1, MaxSteps: 5, MaxValidWindows: 1, SampleLength: 30);
        LanguageModelTraining.Train(lm, data, options, onSample: (_, text) => samples.Add(text));

        // The same draw, made here from the boundary with the epoch's generator, gives the same text.
        var v = data.Field.Vocab;
        string From(int start)
        {
            using var eval = lm.EvalMode();
            var h = Generate.Sample(lm, lm.InitialState(), start, v.EosId, options.SampleLength,
                new SamplingOptions(options.SampleTemperature, Banned: [v.UnkId, v.PadId]), new Generator(1));
            return data.Field.Decode(h.Tokens);
        }
        Assert.Equal(From(data.Boundary), Assert.Single(samples));
        Assert.NotEqual(From(v.BosId), samples[0]);
    }
}
