using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Tests.NN;

public class ModuleAndOptimTests
{
    sealed class TwoLayer : Module<Tensor, Tensor>
    {
        public readonly Linear Fc1, Fc2;
        public TwoLayer(Generator g)
        {
            Fc1 = RegisterModule("fc1", new Linear(3, 4, generator: g));
            Fc2 = RegisterModule("fc2", new Linear(4, 2, bias: false, generator: g));
        }
        public override Tensor Forward(Tensor x) => Fc2.Forward(Fc1.Forward(x).Tanh());
    }

    [Fact]
    public void StateDictUsesPyTorchNamesAndRoundTrips()
    {
        var m = new TwoLayer(new Generator(1));
        Assert.Equal(new[] { "fc1.weight", "fc1.bias", "fc2.weight" }, m.StateDict().Keys);
        Assert.Equal(3 * 4 + 4 + 4 * 2, m.ParameterCount);
        var other = new TwoLayer(new Generator(2));
        other.LoadStateDict(m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        Assert.Equal(m.Fc1.Weight.ToArray(), other.Fc1.Weight.ToArray());
        Assert.Contains("fc1", m.ToString());
    }

    [Fact]
    public void LoadStateDictNamesMissingKeysAndShapeMismatches()
    {
        var m = new TwoLayer(new Generator(1));
        var sd = m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        sd.Remove("fc2.weight");
        var ex = Assert.Throws<ArgumentException>(() => m.LoadStateDict(sd));
        Assert.Contains("fc2.weight", ex.Message);
        sd["fc2.weight"] = Tensor.Zeros(3, 3);
        var shape = Assert.Throws<ArgumentException>(() => m.LoadStateDict(sd));
        Assert.Contains("[3, 3]", shape.Message);
        Assert.Contains("[2, 4]", shape.Message);
    }

    [Fact]
    public void LinearComputesXWTransposePlusBias()
    {
        var lin = new Linear(2, 2, generator: new Generator(0));
        Tensor.FromArray([1, 2, 3, 4], 2, 2).Values.CopyTo(lin.Weight.AsSpan());
        Tensor.FromArray([10, 20], 2).Values.CopyTo(lin.Bias!.AsSpan());
        var y = lin.Forward(Tensor.FromArray([1, 1, 2, 0], 2, 2));
        Assert.Equal(new float[] { 13, 27, 12, 26 }, y.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => lin.Forward(Tensor.Zeros(2, 3)));
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void InitialisationIsReproducibleFromTheSeed()
    {
        var a = new TwoLayer(new Generator(42)); var b = new TwoLayer(new Generator(42));
        Assert.Equal(a.Fc1.Weight.ToArray(), b.Fc1.Weight.ToArray());
        float bound = 1f / MathF.Sqrt(3);
        Assert.All(a.Fc1.Weight.ToArray(), w => Assert.InRange(w, -bound, bound));
    }

    [Fact]
    public void DropoutIsIdentityInEvalAndKeepsTheMeanInTraining()
    {
        var d = new Dropout(0.5f, new Generator(3));
        var x = Tensor.Ones(100_000);
        var y = d.Forward(x).ToArray();
        Assert.All(y, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(y.Average(), 0.98, 1.02);
        d.Eval();
        Assert.Same(x, d.Forward(x));
    }

    [Fact]
    public void EvalModeScopeRestoresThePreviousMode()
    {
        var m = new TwoLayer(new Generator(1));
        using (m.EvalMode()) Assert.False(m.Fc1.Training);
        Assert.True(m.Training && m.Fc1.Training);
        m.Eval();
        using (m.EvalMode()) Assert.False(m.Training);
        Assert.False(m.Training);   // was eval before the scope, stays eval
    }

    [Fact]
    public void SgdWithMomentumMatchesHandComputation()
    {
        var p = Tensor.FromArray([1f], 1).RequiresGrad_();
        var opt = new SGD([p], learningRate: 0.1f, momentum: 0.9f);
        // loss = p^2, grad = 2p. Step 1: v = 2, p = 1 - 0.2 = 0.8. Step 2: g = 1.6, v = 0.9*2 + 1.6 = 3.4, p = 0.8 - 0.34 = 0.46.
        for (int i = 0; i < 2; i++) { opt.ZeroGrad(); (p * p).Sum().Backward(); opt.Step(); }
        Assert.Equal(0.46f, p.Item(), 5);
    }

    [Fact]
    public void AdamFirstStepMovesEachWeightByTheLearningRate()
    {
        // With bias correction, the first Adam step is lr * g / (|g| + eps) = lr * sign(g).
        var p = Tensor.FromArray([1f, -2f, 3f], 3).RequiresGrad_();
        var opt = new Adam([p], learningRate: 0.01f);
        (p * Tensor.FromArray([5f, 0.001f, -7f], 3)).Sum().Backward();
        opt.Step();
        Assert.Equal(new[] { 0.99f, -2.01f, 3.01f }, p.ToArray().Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void AdamVectorUpdateEqualsTheOneElementFormulaBitForBit()
    {
        // 100003 elements: many vectors, a ragged tail, and enough work to be split across threads.
        const int n = 100003;
        const float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.01f;
        var g = new Generator(8);
        var p = Tensor.Randn([n], g).RequiresGrad_();
        var want = p.ToArray();
        var m = new float[n]; var v = new float[n];
        var opt = new Adam([p], lr, b1, b2, eps, wd);
        for (int step = 1; step <= 3; step++)
        {
            var grad = Tensor.Randn([n], g);
            opt.ZeroGrad();
            (p * grad).Sum().Backward();
            opt.Step();
            float stepSize = (float)(lr / (1 - Math.Pow(b1, step))), bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(b2, step));
            for (int i = 0; i < n; i++)
            {
                float gi = grad.Values[i] + wd * want[i];
                m[i] = b1 * m[i] + (1f - b1) * gi;
                v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                want[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / bc2Sqrt + eps);
            }
        }
        Assert.Equal(want, p.ToArray());
    }

    [Fact]
    public void AdamStateRoundTripResumesIdentically()
    {
        Tensor P() => Tensor.FromArray([0.5f, -1f], 2).RequiresGrad_();
        void Step(Tensor p, Adam o) { o.ZeroGrad(); (p * p * p).Sum().Backward(); o.Step(); }
        var a = P(); var oa = new Adam([a], 0.05f);
        for (int i = 0; i < 3; i++) Step(a, oa);
        var b = Tensor.FromArray(a.ToArray(), 2).RequiresGrad_(); var ob = new Adam([b], 0.05f);
        ob.SetState(oa.GetState());
        Step(a, oa); Step(b, ob);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void ClipGradNormRescalesToTheMaximumAndReportsTheOriginalNorm()
    {
        var p = Tensor.FromArray([0f, 0f], 2).RequiresGrad_();
        (p * Tensor.FromArray([3f, 4f], 2)).Sum().Backward();
        float norm = GradClip.ClipGradNorm([p], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, p.Grad![0], 4);
        Assert.Equal(0.8f, p.Grad![1], 4);
        GradClip.ClipGradValue([p], 0.7f);
        Assert.Equal(0.7f, p.Grad![1]);
        p.Grad!.AsSpan()[0] = float.NaN;
        Assert.Throws<ArithmeticException>(() => GradClip.ClipGradNorm([p], 1f));
    }

    [Fact]
    public void SchedulersFollowTheirFormulas()
    {
        var p = Tensor.Zeros(1).RequiresGrad_();
        var opt = new SGD([p], 1f);
        var step = new StepLR(opt, stepSize: 2, gamma: 0.5f);
        step.Step(); Assert.Equal(1f, opt.LearningRate);
        step.Step(); Assert.Equal(0.5f, opt.LearningRate);
        var cos = new CosineAnnealingLR(opt, tMax: 10);
        Assert.Equal(0.5f, cos.RateAt(5), 5);
        Assert.Equal(0f, cos.RateAt(10), 5);
    }

    [Fact]
    public void TrainingATinyModelLowersTheLossDeterministically()
    {
        float[] Run()
        {
            var g = new Generator(7);
            var m = new TwoLayer(g);
            var opt = new Adam(m.Parameters(), 0.05f);
            var x = Tensor.Randn([16, 3], g);
            int[] y = Enumerable.Range(0, 16).Select(i => x[i, 0] > 0 ? 1 : 0).ToArray();
            var losses = new List<float>();
            for (int s = 0; s < 60; s++)
            {
                opt.ZeroGrad();
                var loss = Functional.CrossEntropy(m.Forward(x), y);
                loss.Backward();
                opt.Step();
                losses.Add(loss.Item());
            }
            return losses.ToArray();
        }
        var a = Run(); var b = Run();
        Assert.Equal(a, b);
        Assert.True(a[^1] < 0.5f * a[0], $"loss went from {a[0]} to {a[^1]}");
    }
}
