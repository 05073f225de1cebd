using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Tests.Optim;

/// <summary>What the optimizers refuse, and how they say it; what they skip.</summary>
public class OptimizerArgumentTests
{
    static Tensor P(int n = 2) => Tensor.Zeros(n).RequiresGrad_();

    [Fact]
    public void ConstructorsNameBadArguments()
    {
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new SGD([], 0.1f)).Message);
        Assert.Contains("learning rate must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([P()], 0f)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([P()], -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([P()], float.NaN));
        // The check walks every parameter: the second one without a gradient is named.
        var ex = Assert.Throws<ArgumentException>(() => new Adam([P(), Tensor.Zeros(3, 2)]));
        Assert.Contains("Adam: parameter 1 ([3, 2]) does not require a gradient", ex.Message);
        Assert.Contains("momentum must be >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([P()], 0.1f, momentum: -0.1f)).Message);
        Assert.Contains("nesterov needs momentum", Assert.Throws<ArgumentException>(() => new SGD([P()], 0.1f, nesterov: true)).Message);
        _ = new SGD([P()], 0.1f, momentum: 0.5f, nesterov: true);
    }

    [Theory]
    [InlineData(1f, 0.999f)]
    [InlineData(-0.1f, 0.999f)]
    [InlineData(0.9f, 1f)]
    [InlineData(0.9f, -0.5f)]
    [InlineData(1.5f, 2f)]
    public void AdamRefusesBetasOutsideZeroToOne(float beta1, float beta2)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([P()], 0.1f, beta1, beta2));
        Assert.Contains($"betas ({beta1}, {beta2}) must be in [0, 1)", ex.Message);
    }

    [Fact]
    public void AdamAcceptsBetasOfZero() => _ = new Adam([P()], 0.1f, 0f, 0f);

    [Fact]
    public void StepSkipsParametersWithoutAGradientAndZeroGradClearsThem()
    {
        var (a, b) = (P(), P());
        var opt = new SGD([a, b], 0.5f);
        a.Grad = Tensor.FromArray([1f, -2f], 2);
        opt.Step();
        Assert.Equal([-0.5f, 1f], a.ToArray());
        Assert.Equal([0f, 0f], b.ToArray());
        opt.ZeroGrad();
        Assert.Null(a.Grad);
        opt.Step();
        Assert.Equal([-0.5f, 1f], a.ToArray());
        Assert.Equal(2, opt.StepCount);
    }

    [Fact]
    public void SetStateNamesWhatIsMissingOrMisshapen()
    {
        var opt = new Adam([P(2), P(3)], 0.1f);
        var good = opt.GetState();
        Assert.Contains("no valid 'step' entry", Assert.Throws<ArgumentException>(() => opt.SetState(new Dictionary<string, float[]>())).Message);
        Assert.Contains("no valid 'step' entry", Assert.Throws<ArgumentException>(() =>
            opt.SetState(new Dictionary<string, float[]>(good) { ["step"] = [1f] })).Message);
        var missing = new Dictionary<string, float[]>(good); missing.Remove("exp_avg_sq.1");
        Assert.Contains("'exp_avg_sq.1' is missing or has 0 values instead of 3", Assert.Throws<ArgumentException>(() => opt.SetState(missing)).Message);
        var wrong = new Dictionary<string, float[]>(good) { ["exp_avg.0"] = [1f, 2f, 3f] };
        Assert.Contains("'exp_avg.0' is missing or has 3 values instead of 2", Assert.Throws<ArgumentException>(() => opt.SetState(wrong)).Message);
        var sgd = new SGD([P(2)], 0.1f, momentum: 0.9f);
        var sgdState = sgd.GetState(); sgdState.Remove("momentum_buffer.0");
        Assert.Contains("'momentum_buffer.0'", Assert.Throws<ArgumentException>(() => sgd.SetState(sgdState)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SgdResumesItsMomentumFromTheBuffersAlone(bool withOldStartedEntry)
    {
        // The state is the momentum buffers; a "started" entry (written by older versions) changes nothing.
        var p = Tensor.FromArray([1f, -2f, 0.5f], 3).RequiresGrad_();
        var opt = new SGD([p], 0.1f, momentum: 0.9f);
        p.Grad = Tensor.FromArray([0.3f, -0.1f, 2f], 3); opt.Step();
        var state = opt.GetState();
        Assert.Equal(["momentum_buffer.0", "step"], state.Keys.Order());
        if (withOldStartedEntry) state["started"] = [0f];
        var q = Tensor.FromArray(p.ToArray(), 3).RequiresGrad_();
        var resumed = new SGD([q], 0.1f, momentum: 0.9f);
        resumed.SetState(state);
        q.Grad = Tensor.FromArray([-1f, 0.25f, 0.5f], 3); resumed.Step();
        // Hand-worked: v1 = g1, v2 = 0.9 g1 + g2, p2 = p0 - 0.1 (v1 + v2).
        float[] expected = [1f - 0.1f * (0.3f + (0.9f * 0.3f - 1f)), -2f - 0.1f * (-0.1f + (0.9f * -0.1f + 0.25f)), 0.5f - 0.1f * (2f + (0.9f * 2f + 0.5f))];
        var got = q.ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], got[i], 5);
    }

    [Fact]
    public void StateCarriesTheStepCountAndTheLearningRate()
    {
        var opt = new SGD([P()], 0.5f, momentum: 0.9f);
        opt.LearningRate = 0.125f;
        opt.Step(); opt.Step();
        var copy = new SGD([P()], 1f, momentum: 0.9f);
        copy.SetState(opt.GetState());
        Assert.Equal(2, copy.StepCount);
        Assert.Equal(0.125f, copy.LearningRate);
        Assert.Equal(1f, copy.InitialLearningRate);
    }
}
