using Workbench.Autograd;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>
/// RecurrentLayer.Forward(embedding, ids, ...) folds the embedding into the bottom layer's input projection (a lookup
/// in E W_ihᵀ) when the vocabulary is smaller than the batch. It must give what embedding-then-layer gives: the same
/// outputs, final states and gradients for every parameter, with padding rows and padding_idx, in every layout; and
/// its own backward must pass a finite-difference check.
/// </summary>
public class EmbeddedInputTests
{
    const int B = 3, T = 4, V = 5, E = 3, H = 4;   // 12 tokens, 5 rows: the lookup path

    static RecurrentLayer Make(string kind, int layers, bool bi) => kind switch
    {
        "rnn" => new RNN(E, H, layers, bidirectional: bi, generator: new Generator(7)),
        "gru" => new GRU(E, H, layers, bidirectional: bi, generator: new Generator(7)),
        _ => new LSTM(E, H, layers, bidirectional: bi, generator: new Generator(7)),
    };

    static Tensor All(RecurrentResult r) =>
        Tensor.Cat(r.CN is null ? [r.Output.Reshape(-1), r.HN.Reshape(-1)] : [r.Output.Reshape(-1), r.HN.Reshape(-1), r.CN.Reshape(-1)]);

    static readonly int[] Ids = [1, 4, 0, 2, 3, 3, 1, 0, 4, 2, 0, 0];   // [3, 4]; id 0 repeats (padding_idx cases)

    /// <summary>Outputs and every gradient (embedding, layer parameters, h0) after one backward of a random
    /// weighting of all outputs.</summary>
    static (float[] Out, float[][] Grads) Run(string kind, int layers, bool bi, int? paddingIdx, int[]? lengths, bool fused)
    {
        var emb = new Embedding(V, E, paddingIdx, new Generator(3));
        var layer = Make(kind, layers, bi);
        var h0 = Tensor.Randn([layers * (bi ? 2 : 1), B, H], new Generator(4)).RequiresGrad_();
        var r = fused ? layer.Forward(emb, Ids, B, T, h0, null, lengths) : layer.Forward(emb.Forward(Ids, B, T), h0, null, lengths);
        var all = All(r);
        all.Backward(Tensor.Randn(all.Shape, new Generator(5)));
        return (all.ToArray(), [emb.Weight.Grad!.ToArray(), h0.Grad!.ToArray(), .. layer.Parameters().Select(p => p.Grad!.ToArray())]);
    }

    [Theory]
    [InlineData("rnn", 1, false, null, false)]
    [InlineData("rnn", 2, true, 0, true)]
    [InlineData("gru", 1, false, 0, false)]
    [InlineData("gru", 2, true, null, true)]
    [InlineData("lstm", 1, true, null, false)]
    [InlineData("lstm", 2, false, 0, true)]
    public void LookupPathMatchesEmbeddingThenLayer(string kind, int layers, bool bi, int? paddingIdx, bool masked)
    {
        int[]? lengths = masked ? [4, 2, 3] : null;
        var (outA, gradA) = Run(kind, layers, bi, paddingIdx, lengths, fused: true);
        var (outB, gradB) = Run(kind, layers, bi, paddingIdx, lengths, fused: false);
        AssertClose(outB, outA, "outputs");
        for (int i = 0; i < gradA.Length; i++) AssertClose(gradB[i], gradA[i], $"gradient {i}");
        if (paddingIdx is int p) Assert.All(gradA[0].AsSpan(p * E, E).ToArray(), v => Assert.Equal(0f, v));
    }

    static void AssertClose(float[] want, float[] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5f * (1 + Math.Abs(want[i])), $"{what}[{i}]: lookup {got[i]}, dense {want[i]}");
    }

    [Theory]
    [InlineData("rnn", 1, false)]
    [InlineData("gru", 2, true)]
    [InlineData("lstm", 1, true)]
    public void LookupPathGradientsMatchFiniteDifferences(string kind, int layers, bool bi)
    {
        // No padding_idx here: its row does change the output but by definition gets no gradient.
        var emb = new Embedding(V, E, generator: new Generator(3));
        var layer = Make(kind, layers, bi);
        Tensor[] inputs = [emb.Weight, .. layer.Parameters()];
        var result = GradCheck.Check(_ => All(layer.Forward(emb, Ids, B, T, lengths: [4, 3, 2])), inputs, eps: 1e-2, atol: 1e-3, rtol: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void LargeVocabularyTakesTheDensePathWithTheSameResult()
    {
        // 12 tokens, 40 rows: the lookup would cost more than it saves, so the layer embeds first; same numbers.
        var emb = new Embedding(40, E, generator: new Generator(3));
        var layer = Make("gru", 1, false);
        int[] ids = [39, 1, 0, 2, 3, 17, 1, 0, 4, 2, 0, 0];
        var a = layer.Forward(emb, ids, B, T).Output.ToArray();
        var b = layer.Forward(emb.Forward(ids, B, T)).Output.ToArray();
        Assert.Equal(b, a);
    }

    [Fact]
    public void BadTokensAndShapesAreNamed()
    {
        var emb = new Embedding(V, E, generator: new Generator(3));
        var layer = Make("lstm", 1, false);
        int[] bad = [.. Ids];
        bad[6] = V;
        var e1 = Assert.Throws<IndexOutOfRangeException>(() => layer.Forward(emb, bad, B, T));
        Assert.Contains($"token id {V} at position 6", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => layer.Forward(emb, Ids, B, T + 1));
        Assert.Contains("12 token ids do not fill [batch 3, seq_len 5]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => Make("lstm", 1, false).Forward(new Embedding(V, E + 1), Ids, B, T));
        Assert.Contains($"embedding dimension {E + 1} does not match input_size {E}", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => layer.Forward(emb, Ids, B, T, h0: Tensor.Zeros(1, B + 1, H)));
        Assert.Contains("h0 must be [1, 3, 4]", e4.Message);
    }
}
