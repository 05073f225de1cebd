using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Tests.NN;

/// <summary>
/// The mean of cross-entropy and NLL divides by the weight of the rows that count (ignored rows: none; masked rows:
/// their mask value), for the loss and its gradient alike. A wrong divisor scales both together, which a
/// finite-difference check cannot see, so the values here are worked by hand: logits chosen so softmax is rational.
/// </summary>
public class LossNormalisationTests
{
    // Rows of exp-logits [1,3,4], [2,2,1], [1,1,1], [6,1,3]: softmax [1/8,3/8,1/2], [2/5,2/5,1/5], [1/3,1/3,1/3], [3/5,1/10,3/10].
    static readonly double[][] P = [[1 / 8.0, 3 / 8.0, 1 / 2.0], [0.4, 0.4, 0.2], [1 / 3.0, 1 / 3.0, 1 / 3.0], [0.6, 0.1, 0.3]];

    static Tensor Logits() => Tensor.FromArray(
        [0, MathF.Log(3), MathF.Log(4), MathF.Log(2), MathF.Log(2), 0, 0, 0, 0, MathF.Log(6), 0, MathF.Log(3)], 4, 3).RequiresGrad_();

    static Tensor LogProbs() => Tensor.FromArray(P.SelectMany(r => r.Select(p => (float)Math.Log(p))).ToArray(), 4, 3).RequiresGrad_();

    /// <summary>Expected loss and gradient: Σ w_r (−log p_r[t_r]) / W and w_r (p_r − onehot(t_r)) / W (CE) or
    /// −w_r onehot(t_r) / W (NLL), with W = Σ w_r for the mean and 1 for the sum.</summary>
    static (double Loss, double[] Grad) Expected(int[] targets, double[] w, bool mean, bool nll)
    {
        double W = mean ? w.Sum() : 1, loss = 0;
        var grad = new double[12];
        for (int r = 0; r < 4; r++)
        {
            if (w[r] == 0) continue;
            loss += w[r] * -Math.Log(P[r][targets[r]]) / W;
            for (int c = 0; c < 3; c++)
                grad[r * 3 + c] = w[r] * ((nll ? 0 : P[r][c]) - (c == targets[r] ? 1 : 0)) / W;
        }
        return (loss, grad);
    }

    static void AssertLossAndGradient(Tensor input, Tensor loss, (double Loss, double[] Grad) expected, string what)
    {
        Assert.True(Math.Abs(expected.Loss - loss.Item()) < 1e-5, $"{what}: loss {loss.Item()}, by hand {expected.Loss}");
        loss.Backward();
        var g = input.Grad!.ToArray();
        for (int i = 0; i < 12; i++)
            Assert.True(Math.Abs(expected.Grad[i] - g[i]) < 1e-5, $"{what}: d loss / d input[{i / 3},{i % 3}] = {g[i]}, by hand {expected.Grad[i]}");
    }

    public static TheoryData<int[], int> IgnoredRows => new()
    {
        { new[] { 2, 0, 1, 1 }, -100 },          // nothing ignored: (ln 2 + ln 5/2 + ln 3 + ln 10) / 4
        { new[] { 2, -100, 1, -100 }, -100 },    // two of four ignored: (ln 2 + ln 3) / 2, not / 4
        { new[] { -100, -100, -100, 1 }, -100 }, // one row counts: ln 10 / 1
        { new[] { -100, 0, 2, 0 }, -100 },
        { new[] { 2, 0, 1, 0 }, 0 },             // padding id 0 as the ignore index (what seq2seq does): rows 1 and 3 drop
        { new[] { 1, 2, 2, 2 }, 2 },
    };

    [Theory, MemberData(nameof(IgnoredRows))]
    public void CrossEntropyMeanDividesByTheRowsThatCount(int[] targets, int ignoreIndex)
    {
        var w = targets.Select(t => t == ignoreIndex ? 0.0 : 1.0).ToArray();
        var logits = Logits();
        AssertLossAndGradient(logits, Functional.CrossEntropy(logits, targets, ignoreIndex), Expected(targets, w, mean: true, nll: false), "cross_entropy mean");
        logits = Logits();
        AssertLossAndGradient(logits, Functional.CrossEntropy(logits, targets, ignoreIndex, reduction: Reduction.Sum), Expected(targets, w, mean: false, nll: false), "cross_entropy sum");
        var logProbs = LogProbs();
        AssertLossAndGradient(logProbs, Functional.NllLoss(logProbs, targets, ignoreIndex), Expected(targets, w, mean: true, nll: true), "nll_loss mean");
    }

    [Theory]
    [InlineData(new[] { 0.5f, 2f, 0f, 1f })]  // mean over W = 3.5, the masked-out row adds nothing
    [InlineData(new[] { 1f, 1f, 1f, 0f })]
    [InlineData(new[] { 0f, 0f, 0.25f, 0f })]
    public void MaskedMeanDividesByTheMaskWeight(float[] mask)
    {
        int[] targets = [2, 0, 1, 1];
        var w = mask.Select(m => (double)m).ToArray();
        var logits = Logits();
        AssertLossAndGradient(logits, Functional.CrossEntropy(logits, targets, mask: Tensor.FromArray(mask, 4)), Expected(targets, w, mean: true, nll: false), "masked cross_entropy");
        var logProbs = LogProbs();
        AssertLossAndGradient(logProbs, Functional.NllLoss(logProbs, targets, mask: Tensor.FromArray(mask, 4)), Expected(targets, w, mean: true, nll: true), "masked nll_loss");
    }

    [Fact]
    public void TheHandWorkedNumbersAreWhatTheyClaim()
    {
        // (ln 2 + ln 3) / 2 = ln 6 / 2 for rows 0 and 2; the all-rows mean is ln 150 / 4.
        Assert.Equal(Math.Log(6) / 2, Expected([2, -100, 1, -100], [1, 0, 1, 0], true, false).Loss, 12);
        Assert.Equal(Math.Log(150) / 4, Expected([2, 0, 1, 1], [1, 1, 1, 1], true, false).Loss, 12);
        var logits = Logits();
        Assert.Equal(Math.Log(6) / 2, Functional.CrossEntropy(logits, [2, -100, 1, -100]).Item(), 5);
    }
}
