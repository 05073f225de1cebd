using System.Text.Json;
using Workbench.Data;
using Workbench.Decoding;
using Workbench.Heads;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

/// <summary>
/// The seq2seq models and heads give the numbers the code before the decoder refactor gave (main at 581713f: the
/// decoder took its state in pieces, the model had two forward paths, the heads took PaddedSequences), from
/// Fixtures/seq2seq_before_refactor.json (made by Fixtures/make_before_refactor.cs.txt): for fixed seeds, the same
/// state-dict names, shapes and initial weights, the same logits, attention weights, decoder inputs (coins included),
/// loss and every parameter's gradient, under teacher forcing ratios 1, 0.7, 0.5 and 0, and the same beam-search
/// translation. A value passes when |new - old| &lt;= 1e-5 |old| + 1e-6; with a ratio below 1 the new model runs the
/// gold-fed stretches as one decoder call, so sums are grouped differently there.
/// </summary>
public class BeforeRefactorTests
{
    const double Rtol = 1e-5, Atol = 1e-6;

    static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.File("tests/Workbench.Tests/Seq2Seq/Fixtures/seq2seq_before_refactor.json"))).RootElement.Clone());

    static JsonElement Case(string name) => Root.Value.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    static IEnumerable<string> Names(params string[] kinds) => Root.Value.GetProperty("cases").EnumerateArray()
        .Where(c => kinds.Contains(c.GetProperty("kind").GetString())).Select(c => c.GetProperty("name").GetString()!);

    public static TheoryData<string> Seq2SeqCases => new(Names("seq2seq"));
    public static TheoryData<string> HeadCases => new(Names("classifier", "tagger"));

    static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Rtol * Math.Abs(expected[i]) + Atol, $"{what}[{i}]: {actual[i]} vs before {expected[i]}");
    }

    /// <summary>Names, order, shapes and initial values (by sum and sum of squares) of the parameters, then the gradients.</summary>
    static void SameParameters(Module m, JsonElement c, bool grads)
    {
        var expected = c.GetProperty("parameters").EnumerateObject().ToList();
        var actual = m.NamedParameters().ToList();
        Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
        foreach (var (e, (name, p)) in expected.Zip(actual))
        {
            Assert.Equal(Ints(e.Value.GetProperty("shape")), p.Shape);
            if (!grads)
            {
                Assert.Equal(e.Value.GetProperty("sum").GetDouble(), p.ToArray().Sum(x => (double)x), 9);
                Assert.Equal(e.Value.GetProperty("sumsq").GetDouble(), p.ToArray().Sum(x => (double)x * x), 9);
            }
            else if (e.Value.GetProperty("grad").ValueKind != JsonValueKind.Null)
                Close(Floats(e.Value.GetProperty("grad")), p.Grad!.Values, $"grad {name}");
        }
    }

    [Theory]
    [MemberData(nameof(Seq2SeqCases))]
    public void Seq2SeqModelsGiveTheSameNumbersAsBefore(string name)
    {
        var c = Case(name);
        var cfg = Seq2SeqConfig.FromJson(c.GetProperty("config").GetString()!);
        var m = new Seq2SeqModel(cfg, new Generator(7));
        SameParameters(m, c, grads: false);
        var pairs = Root.Value.GetProperty("pairs").EnumerateArray().Select(p => (Ints(p[0]), Ints(p[1]))).ToList();
        var batch = Seq2SeqBatch.Create(pairs, cfg.PadId, cfg.EosId);
        double ratio = c.GetProperty("ratio").GetDouble();
        var coins = c.GetProperty("coins").ValueKind == JsonValueKind.Null ? null : new Generator(c.GetProperty("coins").GetInt64());
        var o = m.Forward(batch, ratio, coins);
        Assert.Equal(Ints(c.GetProperty("decoder_inputs")), o.DecoderInputs);
        Close(Floats(c.GetProperty("logits")), o.Logits.Values, "logits");
        if (c.GetProperty("attention").ValueKind == JsonValueKind.Null) Assert.Null(o.AttentionWeights);
        else Close(Floats(c.GetProperty("attention")), o.AttentionWeights!.Values, "attention weights");
        var loss = Functional.CrossEntropy(o.Logits.Reshape(-1, cfg.TargetVocabSize), batch.Target.Ids, ignoreIndex: cfg.PadId);
        Close([c.GetProperty("loss").GetSingle()], loss.Values, "loss");
        loss.Backward();
        SameParameters(m, c, grads: true);

        m.Eval();
        var tr = m.Translate([3, 9, 4, 4, 7], new BeamOptions(Width: 3, MaxLength: 6));
        Assert.Equal(Ints(c.GetProperty("beam_tokens")), tr.Best.Tokens);
        Assert.Equal(c.GetProperty("beam_logprob").GetDouble(), tr.Best.LogProb, 5);
        if (c.GetProperty("align").ValueKind == JsonValueKind.Null) Assert.Null(tr.AttentionWeights);
        else Close(Floats(c.GetProperty("align")), tr.AttentionWeights!.Cast<float>().ToArray(), "alignment");
    }

    [Theory]
    [MemberData(nameof(HeadCases))]
    public void HeadsGiveTheSameNumbersAsBefore(string name)
    {
        var c = Case(name);
        var xs = Root.Value.GetProperty("head_inputs").EnumerateArray().Select(Ints).ToArray();
        var x = SequenceBatch.Pad(xs, 0);
        var cell = Enum.Parse<CellKind>(c.GetProperty("cell").GetString()!);
        bool bi = c.GetProperty("bidirectional").GetBoolean();
        int layers = c.GetProperty("layers").GetInt32();
        Module model;
        Tensor loss, logits;
        if (c.GetProperty("kind").GetString() == "classifier")
        {
            var clf = new SequenceClassifier(new SequenceClassifierConfig(cell, 10, 3, 4, 5, layers, bi,
                Enum.Parse<Pooling>(c.GetProperty("pooling").GetString()!)), new Generator(4));
            (model, loss, logits) = (clf, clf.Loss(x, Ints(Root.Value.GetProperty("labels"))).Loss, clf.Forward(x));
        }
        else
        {
            var tagger = new SequenceTagger(new SequenceTaggerConfig(cell, 10, 2, 4, 5, layers, bi), new Generator(5));
            var tags = Root.Value.GetProperty("tags").EnumerateArray().Select(Ints).ToArray();
            (model, loss, logits) = (tagger, tagger.Loss(x, tags).Loss, tagger.Forward(x));
        }
        SameParameters(model, c, grads: false);
        Close(Floats(c.GetProperty("logits")), logits.Values, "logits");
        Close([c.GetProperty("loss").GetSingle()], loss.Values, "loss");
        loss.Backward();
        SameParameters(model, c, grads: true);
    }
}
