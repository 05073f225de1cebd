using Workbench.Data;
using Workbench.Autograd;
using Workbench.Heads;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;
using Xunit.Abstractions;

namespace Workbench.Tests.Heads;

public class HeadTests(ITestOutputHelper output)
{
    static int[] RandomSequence(Generator g, int minLen, int maxLen, int lowToken, int highToken) =>
        Enumerable.Range(0, minLen + g.NextInt(maxLen - minLen + 1)).Select(_ => lowToken + g.NextInt(highToken - lowToken + 1)).ToArray();

    static void Fit(Module model, int epochs, Func<Generator, StepLoss> batchLoss, long seed, float lr = 0.02f)
    {
        var data = new Generator(seed);
        new Trainer(model, new Adam(model.Parameters(), lr), new TrainerOptions(Epochs: epochs, ClipNorm: 1f))
            .Fit(_ => Enumerable.Range(0, 10), _ => batchLoss(data));
        model.Eval();
    }

    [Fact]
    public void HeadConfigsAreRecordsThatRoundTripThroughJson()
    {
        var json = new System.Text.Json.JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var clf = new SequenceClassifierConfig(CellKind.Lstm, 50, 4, NumLayers: 2, Bidirectional: true, Pooling: Pooling.Mean, PadId: 1, Dropout: 0.2f);
        var text = System.Text.Json.JsonSerializer.Serialize(clf, json);
        Assert.Contains("\"Pooling\":\"Mean\"", text);
        Assert.Equal(clf, System.Text.Json.JsonSerializer.Deserialize<SequenceClassifierConfig>(text, json));
        var tag = new SequenceTaggerConfig(CellKind.Gru, 30, 5, HiddenSize: 8);
        Assert.Equal(tag, System.Text.Json.JsonSerializer.Deserialize<SequenceTaggerConfig>(System.Text.Json.JsonSerializer.Serialize(tag, json), json));
        // The model keeps its configuration, and the encoder's part follows it.
        var model = new SequenceClassifier(clf, new Generator(1));
        Assert.Same(clf, model.Config);
        Assert.Equal(new EncoderConfig(CellKind.Lstm, 50, 16, 32, 2, true, Dropout: 0.2f, PaddingIdx: 1), model.Encoder.Config);
        Assert.Equal(64, model.Encoder.OutputSize);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceTagger(tag with { NumTags = 1 }));
        Assert.Contains("at least 2 tags", e.Message);
    }

    // ---------------------------------------------------------------- classification: does token 5 occur?

    static int Contains5(int[] s) => s.Contains(5) ? 1 : 0;

    [Theory]
    [InlineData(Pooling.Final, false)]
    [InlineData(Pooling.Mean, true)]
    public void ClassifierLearnsWhetherToken5Occurs(Pooling pooling, bool bidirectional)
    {
        var clf = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Gru, 10, 2, 8, 16, Bidirectional: bidirectional, Pooling: pooling), new Generator(1));
        // Tokens 1..9 with lengths 2..8: about half the sequences contain a 5.
        Fit(clf, 10, g =>
        {
            var xs = Enumerable.Range(0, 32).Select(_ => RandomSequence(g, 2, 8, 1, 9)).ToArray();
            return clf.Loss(SequenceBatch.Pad(xs, 0), xs.Select(Contains5).ToArray());
        }, seed: 2);
        var tg = new Generator(77);
        var test = Enumerable.Range(0, 200).Select(_ => RandomSequence(tg, 2, 8, 1, 9)).ToArray();
        var predicted = clf.Predict(test);
        double acc = predicted.Zip(test, (p, s) => p == Contains5(s) ? 1.0 : 0.0).Average();
        output.WriteLine($"{pooling} bidirectional={bidirectional}: accuracy {acc:P1}, positives {test.Average(Contains5):P0}");
        Assert.True(acc >= 0.95, $"accuracy {acc:P1}");
    }

    [Fact]
    public void ClassifierLogitsDoNotDependOnPaddingOrBatchCompanions()
    {
        var clf = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Lstm, 10, 3, 4, 5, NumLayers: 2, Bidirectional: true, Pooling: Pooling.Final), new Generator(4));
        int[] s = [3, 1, 4];
        var alone = clf.Forward(SequenceBatch.Pad([s], 0));
        var batched = clf.Forward(SequenceBatch.Pad([[9, 9, 9, 9, 9, 9], s], 0));
        for (int c = 0; c < 3; c++) Assert.Equal(alone[0, c], batched[1, c], 5);
    }

    [Fact]
    public void ClassifierPoolingMatchesAHandComputedSummary()
    {
        // Final pooling of a bidirectional layer joins the forward state after the last token with the backward state
        // after the first; mean pooling averages the outputs. Check both against the recurrent layer's own outputs.
        var clf = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Gru, 10, 2, 4, 3, Bidirectional: true, Pooling: Pooling.Final), new Generator(6));
        var x = SequenceBatch.Pad([[2, 7, 5, 1], [6, 3]], 0);
        var r = clf.Encoder.Forward(x);
        var logits = clf.Forward(x);
        for (int b = 0; b < 2; b++)
        {
            int last = x.Lengths[b] - 1;
            var summary = new float[6];
            for (int k = 0; k < 3; k++) { summary[k] = r.Output[b, last, k]; summary[3 + k] = r.Output[b, 0, 3 + k]; }
            for (int c = 0; c < 2; c++)
            {
                double z = clf.Fc.Bias![c];
                for (int k = 0; k < 6; k++) z += clf.Fc.Weight[c, k] * summary[k];
                Assert.Equal(z, logits[b, c], 5);
            }
        }
    }

    [Fact]
    public void ClassifierGradientsMatchFiniteDifferences()
    {
        var clf = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Gru, 6, 3, 3, 3, Bidirectional: true, Pooling: Pooling.Mean), new Generator(2));
        var x = SequenceBatch.Pad([[1, 2, 3], [4, 5]], 0);
        var result = GradCheck.Check(_ => clf.Loss(x, [2, 0]).Loss, clf.Parameters().ToArray());
        Assert.True(result.Passed, result.ToString());
    }

    // ---------------------------------------------------------------- tagging: does the NEXT token hold an even number?

    /// <summary>Tag 1 when the next token is even, 0 when odd or at the last position. Tokens are uniform over 1..6,
    /// so before seeing the next token either tag is equally likely.</summary>
    static int[] NextIsEven(int[] s) => s.Select((_, i) => i + 1 < s.Length && s[i + 1] % 2 == 0 ? 1 : 0).ToArray();

    static double TaggerAccuracyBeforeTheLastToken(bool bidirectional)
    {
        var tagger = new SequenceTagger(new SequenceTaggerConfig(CellKind.Gru, 7, 2, 8, 16, Bidirectional: bidirectional), new Generator(3));
        Fit(tagger, 10, g =>
        {
            var xs = Enumerable.Range(0, 32).Select(_ => RandomSequence(g, 3, 8, 1, 6)).ToArray();
            return tagger.Loss(SequenceBatch.Pad(xs, 0), xs.Select(NextIsEven).ToArray());
        }, seed: 4);
        var tg = new Generator(55);
        var test = Enumerable.Range(0, 150).Select(_ => RandomSequence(tg, 3, 8, 1, 6)).ToArray();
        var predicted = tagger.Predict(test);
        int right = 0, total = 0;
        for (int b = 0; b < test.Length; b++)
        {
            Assert.Equal(test[b].Length, predicted[b].Length);
            var gold = NextIsEven(test[b]);
            for (int i = 0; i + 1 < test[b].Length; i++) { right += predicted[b][i] == gold[i] ? 1 : 0; total++; }
        }
        return (double)right / total;
    }

    [Fact]
    public void BidirectionalTaggerUsesTheRightContext()
    {
        double acc = TaggerAccuracyBeforeTheLastToken(bidirectional: true);
        output.WriteLine($"bidirectional: {acc:P1}");
        Assert.True(acc >= 0.95, $"bidirectional tagger accuracy {acc:P1}");
    }

    [Fact]
    public void UnidirectionalTaggerCannotBeatChanceOnARightContextTag()
    {
        // ~800 tagged positions: chance is 50 % with a standard deviation under 2 points.
        double acc = TaggerAccuracyBeforeTheLastToken(bidirectional: false);
        output.WriteLine($"unidirectional: {acc:P1}");
        Assert.InRange(acc, 0.40, 0.60);
    }

    [Fact]
    public void TaggerLossIgnoresPaddingAndRejectsMismatchedTags()
    {
        var tagger = new SequenceTagger(new SequenceTaggerConfig(CellKind.RnnTanh, 7, 3, 4, 5), new Generator(8));
        int[][] xs = [[1, 2, 3], [4]];
        int[][] tags = [[0, 1, 2], [1]];
        var loss = tagger.Loss(SequenceBatch.Pad(xs, 0), tags);
        Assert.Equal(4, loss.Tokens);
        // Independent value: mean over the 4 real tokens of -log softmax(logits)[tag], each sentence run alone.
        double sum = 0;
        for (int b = 0; b < 2; b++)
        {
            var lp = tagger.Forward(SequenceBatch.Pad([xs[b]], 0)).LogSoftmax(-1);
            for (int i = 0; i < xs[b].Length; i++) sum -= lp[0, i, tags[b][i]];
        }
        Assert.Equal(sum / 4, loss.Loss.Item(), 5);
        var e = Assert.Throws<ArgumentException>(() => tagger.Loss(SequenceBatch.Pad(xs, 0), [[0, 1], [1]]));
        Assert.Contains("sequence 0 has 3 tokens but 2 tags", e.Message);
    }
}
