using Workbench.Autograd;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

public class AttentionTests
{
    [Fact]
    public void DotAttentionMatchesAHandWorkedExample()
    {
        // Keys h1 = [1, 0], h2 = [0, 1], h3 = [5, 5] (padding, length 2); query s = [ln 3, 0].
        // Scores sᵀh = [ln 3, 0, -]; softmax over the valid two = [3/4, 1/4]; context = 3/4 h1 + 1/4 h2 = [0.75, 0.25].
        var att = new DotAttention(2, 2);
        var keys = Tensor.FromArray([1, 0, 0, 1, 5, 5], 1, 3, 2);
        var memory = att.Prepare(keys, [2]);
        var r = att.Forward(Tensor.FromArray([MathF.Log(3), 0], 1, 1, 2), memory);
        Assert.Equal([1, 1, 3], r.Weights.Shape);
        Assert.Equal(0.75f, r.Weights[0, 0, 0], 6);
        Assert.Equal(0.25f, r.Weights[0, 0, 1], 6);
        Assert.Equal(0f, r.Weights[0, 0, 2]);
        Assert.Equal([0.75f, 0.25f], r.Context.ToArray().Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void GeneralAttentionScoresSTransposeWH()
    {
        var att = new GeneralAttention(2, 3, new Generator(4));
        var w = att.W.Weight;   // [Q=2, K=3]
        var keys = Tensor.FromArray([1, 2, 3, -1, 0, 2], 1, 2, 3);
        float[] s = [0.5f, -1f];
        var r = att.Forward(Tensor.FromArray(s, 1, 1, 2), att.Prepare(keys));
        // Independent scores: e_j = Σ_a Σ_k s_a W[a,k] h_j[k], then a two-way softmax.
        double E(int j) { double e = 0; for (int a = 0; a < 2; a++) for (int k = 0; k < 3; k++) e += s[a] * w[a, k] * keys[0, j, k]; return e; }
        double p0 = 1 / (1 + Math.Exp(E(1) - E(0)));
        Assert.Equal(p0, r.Weights[0, 0, 0], 5);
        Assert.Equal(1 - p0, r.Weights[0, 0, 1], 5);
    }

    [Theory]
    [InlineData(AttentionKind.Dot)]
    [InlineData(AttentionKind.General)]
    [InlineData(AttentionKind.Additive)]
    public void WeightsSumToOneOverValidPositionsAndAreExactlyZeroOverPadding(AttentionKind kind)
    {
        var g = new Generator(11);
        var att = Attention.Create(kind, 4, 4, 5, g);
        int[] lengths = [5, 2, 3];
        var keys = Tensor.Randn([3, 5, 4], g, std: 3f);
        var queries = Tensor.Randn([3, 2, 4], g, std: 3f);
        var r = att.Forward(queries, att.Prepare(keys, lengths));
        for (int b = 0; b < 3; b++)
            for (int q = 0; q < 2; q++)
            {
                double sum = 0;
                for (int j = 0; j < 5; j++)
                {
                    if (j >= lengths[b]) Assert.Equal(0f, r.Weights[b, q, j]);
                    else { Assert.True(r.Weights[b, q, j] > 0f); sum += r.Weights[b, q, j]; }
                }
                Assert.Equal(1.0, sum, 5);
            }
        // Changing what sits in the padded positions changes nothing.
        var keys2 = keys.Clone();
        for (int j = 2; j < 5; j++) for (int k = 0; k < 4; k++) keys2.AsSpan()[(1 * 5 + j) * 4 + k] = 100f;
        var r2 = att.Forward(queries, att.Prepare(keys2, lengths));
        Assert.Equal(r.Context.ToArray(), r2.Context.ToArray());
        Assert.Equal(r.Weights.ToArray(), r2.Weights.ToArray());
    }

    [Theory]
    [InlineData(AttentionKind.Dot)]
    [InlineData(AttentionKind.General)]
    [InlineData(AttentionKind.Additive)]
    public void GradientsMatchFiniteDifferencesWithMasking(AttentionKind kind)
    {
        var g = new Generator(5);
        var att = Attention.Create(kind, 3, 3, 4, g);
        var keys = Tensor.Randn([2, 4, 3], g);
        var queries = Tensor.Randn([2, 2, 3], g);
        int[] lengths = [4, 2];
        Tensor F(Tensor[] _)
        {
            var r = att.Forward(queries, att.Prepare(keys, lengths));
            return Tensor.Cat([r.Context.Reshape(-1), r.Weights.Reshape(-1)]);
        }
        Tensor[] inputs = [queries, keys, .. att.Parameters()];
        var result = GradCheck.Check(F, inputs);
        Assert.True(result.Passed, result.ToString());
        // The padded keys of row 1 get no gradient at all.
        var gk = keys.Grad!;
        for (int j = 2; j < 4; j++) for (int k = 0; k < 3; k++) Assert.Equal(0f, gk[1, j, k]);
    }

    [Fact]
    public void DotAttentionRefusesMismatchedSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new DotAttention(4, 8));
        Assert.Contains("bidirectional", e.Message);
        var att = new DotAttention(2, 2);
        Assert.Throws<ArgumentException>(() => att.Prepare(Tensor.Zeros(1, 3, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => att.Prepare(Tensor.Zeros(1, 3, 2), [4]));
    }
}
