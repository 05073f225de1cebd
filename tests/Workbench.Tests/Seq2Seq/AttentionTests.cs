using Workbench.Autograd;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

public class AttentionTests
{
    [Fact]
    public void DotAttentionMatchesAHandWorkedExample()
    {
        // Keys a<1> = [1, 0], a<2> = [0, 1], a<3> = [5, 5] (padding, length 2); query s = [ln 3, 0].
        // Scores sᵀa = [ln 3, 0, 5 ln 3]; masked softmax over the valid two = [3/4, 1/4, 0];
        // context = 3/4 a<1> + 1/4 a<2> = [0.75, 0.25].
        var att = new Attention(AttentionKind.Dot, 2, 2);
        var keys = Tensor.FromArray([1, 0, 0, 1, 5, 5], 1, 3, 2);
        var r = att.Forward(Tensor.FromArray([MathF.Log(3), 0], 1, 1, 2), keys, [2]);
        Assert.Equal([1, 1, 3], r.Scores.Shape);
        Assert.Equal(Math.Log(3), r.Scores[0, 0, 0], 6);
        Assert.Equal(0f, r.Scores[0, 0, 1]);
        Assert.Equal(5 * Math.Log(3), r.Scores[0, 0, 2], 5);
        Assert.Equal([1, 1, 3], r.Weights.Shape);
        Assert.Equal(0.75f, r.Weights[0, 0, 0], 6);
        Assert.Equal(0.25f, r.Weights[0, 0, 1], 6);
        Assert.Equal(0f, r.Weights[0, 0, 2]);
        Assert.Equal([0.75f, 0.25f], r.Context.ToArray().Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void TheThreeStepsCanBeRunOneAtATimeOnATinyBatch()
    {
        // Two sources of lengths 3 and 2, one query each: scores by hand, then MaskedSoftmax and Context alone.
        var keys = Tensor.FromArray([1, 0, 0, 2, 1, 1, /* row 2 */ 2, 0, 0, 1, 9, 9], 2, 3, 2);
        var queries = Tensor.FromArray([1, 1, /* row 2 */ 0, 3], 2, 1, 2);
        var scores = Tensor.MatMul(queries, keys, transposeB: true);   // sᵀa: [[1, 2, 2], [0, 3, 27]]
        Assert.Equal([1f, 2, 2, 0, 3, 27], scores.ToArray());
        var weights = Attention.MaskedSoftmax(scores, [3, 2]);
        double e1 = Math.Exp(1), e2 = Math.Exp(2), z = e1 + 2 * e2;
        Assert.Equal(e1 / z, weights[0, 0, 0], 6);
        Assert.Equal(e2 / z, weights[0, 0, 1], 6);
        Assert.Equal(1 / (1 + Math.Exp(3)), weights[1, 0, 0], 6);   // the 27 is padding: softmax over [0, 3] only
        Assert.Equal(0f, weights[1, 0, 2]);
        var context = Attention.Context(weights, keys);
        Assert.Equal(e1 / z * 1 + e2 / z * 0 + e2 / z * 1, context[0, 0, 0], 5);
        Assert.Equal(weights[1, 0, 0] * 2, context[1, 0, 0], 5);
        // The module does the same three steps.
        var r = new Attention(AttentionKind.Dot, 2, 2).Forward(queries, keys, [3, 2]);
        Assert.Equal(scores.ToArray(), r.Scores.ToArray());
        Assert.Equal(weights.ToArray(), r.Weights.ToArray());
        Assert.Equal(context.ToArray(), r.Context.ToArray());
    }

    [Fact]
    public void GeneralAttentionScoresSTransposeWA()
    {
        var att = new Attention(AttentionKind.General, 2, 3, generator: new Generator(4));
        var w = att.W!.Weight;   // [Q=2, K=3]
        var keys = Tensor.FromArray([1, 2, 3, -1, 0, 2], 1, 2, 3);
        float[] s = [0.5f, -1f];
        var r = att.Forward(Tensor.FromArray(s, 1, 1, 2), keys);
        // Independent scores: e_j = Σ_q Σ_k s_q W[q,k] a_j[k], then a two-way softmax.
        double E(int j) { double e = 0; for (int q = 0; q < 2; q++) for (int k = 0; k < 3; k++) e += s[q] * w[q, k] * keys[0, j, k]; return e; }
        Assert.Equal(E(0), r.Scores[0, 0, 0], 5);
        Assert.Equal(E(1), r.Scores[0, 0, 1], 5);
        double p0 = 1 / (1 + Math.Exp(E(1) - E(0)));
        Assert.Equal(p0, r.Weights[0, 0, 0], 5);
        Assert.Equal(1 - p0, r.Weights[0, 0, 1], 5);
    }

    [Fact]
    public void AdditiveAttentionScoresVTransposeTanhOfTheTwoProjections()
    {
        var att = new Attention(AttentionKind.Additive, 2, 3, attentionSize: 4, generator: new Generator(6));
        Tensor wq = att.W_q!.Weight, wk = att.W_k!.Weight, v = att.V!.Weight;   // [4, 2], [4, 3], [1, 4]
        var keys = Tensor.FromArray([1, 2, 3, -1, 0, 2, 0.5f, 0.5f, -2], 1, 3, 3);
        float[] s = [0.3f, -0.7f];
        var r = att.Forward(Tensor.FromArray(s, 1, 1, 2), keys, [2]);
        for (int j = 0; j < 3; j++)
        {
            double e = 0;
            for (int a = 0; a < 4; a++)
            {
                double hidden = 0;
                for (int q = 0; q < 2; q++) hidden += wq[a, q] * s[q];
                for (int k = 0; k < 3; k++) hidden += wk[a, k] * keys[0, j, k];
                e += v[0, a] * Math.Tanh(hidden);
            }
            Assert.Equal(e, r.Scores[0, 0, j], 5);
        }
        Assert.Equal(0f, r.Weights[0, 0, 2]);
        Assert.Equal(["W_q.weight", "W_k.weight", "v.weight"], att.NamedParameters().Select(p => p.Name));
        Assert.Equal(["W.weight"], new Attention(AttentionKind.General, 2, 3).NamedParameters().Select(p => p.Name));
        Assert.Empty(new Attention(AttentionKind.Dot, 3, 3).NamedParameters());
    }

    [Theory]
    [InlineData(AttentionKind.Dot)]
    [InlineData(AttentionKind.General)]
    [InlineData(AttentionKind.Additive)]
    public void WeightsSumToOneOverValidPositionsAndAreExactlyZeroOverPadding(AttentionKind kind)
    {
        var g = new Generator(11);
        var att = new Attention(kind, 4, 4, 5, g);
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
        var att = new Attention(kind, 3, 3, 4, g);
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
    public void BadInputGetsErrorsNamingTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new Attention(AttentionKind.Dot, 4, 8));
        Assert.Contains("bidirectional", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(AttentionKind.None, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(AttentionKind.Additive, 4, 4, attentionSize: 0));
        var att = new Attention(AttentionKind.Dot, 2, 2);
        e = Assert.Throws<ArgumentException>(() => att.Prepare(Tensor.Zeros(1, 3, 5)));
        Assert.Contains("[batch, source_len, 2]", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => att.Prepare(Tensor.Zeros(1, 3, 2), [4]));
        Assert.Contains("source length 4 of row 0 is outside 1..3", r.Message);
        e = Assert.Throws<ArgumentException>(() => att.Forward(Tensor.Zeros(2, 1, 2), att.Prepare(Tensor.Zeros(1, 3, 2))));
        Assert.Contains("queries must be [1, steps, 2]", e.Message);
    }
}
