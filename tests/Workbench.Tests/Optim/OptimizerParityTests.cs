using System.Text.Json;
using Workbench.Optim;
using Workbench.Tensors;

namespace Workbench.Tests.Optim;

/// <summary>
/// SGD (plain, momentum, Nesterov, weight decay), Adam (betas, eps, weight decay) and the schedulers against
/// PyTorch: Fixtures/optim_parity.json holds torch.optim's parameter trajectories for given gradients and torch's
/// learning-rate schedules (Fixtures/make_optim_fixtures.py writes it). A value passes when |ours - torch| &lt;=
/// 1e-6 (|torch| + 1). Resuming from GetState/SetState mid-run must give the same bits as not stopping.
/// </summary>
public class OptimizerParityTests
{
    static readonly Lazy<JsonElement> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        RepoPaths.File("tests/Workbench.Tests/Optim/Fixtures/optim_parity.json"))).RootElement);

    static IEnumerable<JsonElement> Cases => Fixture.Value.GetProperty("optimizers").EnumerateArray();

    public static TheoryData<int> CaseIndices => new(Enumerable.Range(0, Cases.Count()));

    static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    static Optimizer Make(JsonElement c, Tensor[] ps)
    {
        var o = c.GetProperty("options");
        float Opt(string name, float fallback) => o.TryGetProperty(name, out var v) ? (float)v.GetDouble() : fallback;
        if (c.GetProperty("optimizer").GetString() == "sgd")
            return new SGD(ps, Opt("lr", 0), Opt("momentum", 0), Opt("weight_decay", 0), o.TryGetProperty("nesterov", out var n) && n.GetBoolean());
        var betas = o.TryGetProperty("betas", out var b) ? Floats(b) : [0.9f, 0.999f];
        return new Adam(ps, Opt("lr", 1e-3f), betas[0], betas[1], Opt("eps", 1e-8f), Opt("weight_decay", 0));
    }

    static Tensor[] Initial(JsonElement c) =>
        c.GetProperty("initial").EnumerateArray().Select(v => { var a = Floats(v); return Tensor.FromArray(a, a.Length).RequiresGrad_(); }).ToArray();

    static void StepWithFixtureGradients(Optimizer opt, Tensor[] ps, JsonElement c, int step)
    {
        var grads = c.GetProperty("grads")[step].EnumerateArray().Select(Floats).ToArray();
        for (int k = 0; k < ps.Length; k++) ps[k].Grad = Tensor.FromArray(grads[k], grads[k].Length);
        opt.Step();
    }

    static string Describe(JsonElement c) => c.GetProperty("optimizer").GetString() + " " + c.GetProperty("options").GetRawText();

    [Theory, MemberData(nameof(CaseIndices))]
    public void TrajectoryMatchesTorchOptim(int index)
    {
        var c = Cases.ElementAt(index);
        var ps = Initial(c);
        var opt = Make(c, ps);
        int steps = c.GetProperty("grads").GetArrayLength();
        for (int s = 0; s < steps; s++)
        {
            StepWithFixtureGradients(opt, ps, c, s);
            var expected = c.GetProperty("after")[s].EnumerateArray().Select(Floats).ToArray();
            for (int k = 0; k < ps.Length; k++)
            {
                var got = ps[k].ToArray();
                for (int i = 0; i < got.Length; i++)
                    Assert.True(Math.Abs(got[i] - expected[k][i]) <= 1e-6 * (Math.Abs(expected[k][i]) + 1),
                        $"{Describe(c)}: step {s + 1}, parameter {k}[{i}] = {got[i]:R}, torch {expected[k][i]:R}");
            }
        }
        Assert.Equal(steps, opt.StepCount);
    }

    [Theory, MemberData(nameof(CaseIndices))]
    public void ResumingFromTheSavedStateGivesTheSameBits(int index)
    {
        var c = Cases.ElementAt(index);
        int steps = c.GetProperty("grads").GetArrayLength(), stop = steps / 2;
        var straight = Initial(c);
        var a = Make(c, straight);
        for (int s = 0; s < steps; s++) StepWithFixtureGradients(a, straight, c, s);

        var first = Initial(c);
        var b = Make(c, first);
        for (int s = 0; s < stop; s++) StepWithFixtureGradients(b, first, c, s);
        var state = b.GetState();
        var resumed = first.Select(p => Tensor.FromArray(p.ToArray(), p.Numel).RequiresGrad_()).ToArray();
        var r = Make(c, resumed);
        r.SetState(state);
        Assert.Equal(stop, r.StepCount);
        for (int s = stop; s < steps; s++) StepWithFixtureGradients(r, resumed, c, s);
        for (int k = 0; k < straight.Length; k++) Assert.Equal(straight[k].ToArray(), resumed[k].ToArray());
    }

    [Fact]
    public void SchedulersFollowTorchsSchedules()
    {
        foreach (var c in Fixture.Value.GetProperty("schedulers").EnumerateArray())
        {
            var o = c.GetProperty("options");
            var opt = new SGD([Tensor.Zeros(1).RequiresGrad_()], (float)c.GetProperty("lr").GetDouble());
            LRScheduler sched = c.GetProperty("scheduler").GetString() switch
            {
                "step" => new StepLR(opt, o.GetProperty("step_size").GetInt32(), (float)o.GetProperty("gamma").GetDouble()),
                "exponential" => new ExponentialLR(opt, (float)o.GetProperty("gamma").GetDouble()),
                _ => new CosineAnnealingLR(opt, o.GetProperty("T_max").GetInt32(), (float)o.GetProperty("eta_min").GetDouble()),
            };
            var rates = c.GetProperty("rates").EnumerateArray().Select(r => r.GetDouble()).ToArray();
            Assert.Equal(rates[0], opt.LearningRate, 6);
            for (int e = 1; e < rates.Length; e++)
            {
                sched.Step();
                Assert.True(Math.Abs(rates[e] - opt.LearningRate) <= 1e-6 * (Math.Abs(rates[e]) + 1e-3),
                    $"{c.GetProperty("scheduler").GetString()} {o.GetRawText()}: epoch {e} rate {opt.LearningRate}, torch {rates[e]}");
                Assert.Equal(e, sched.LastEpoch);
            }
        }
    }

    [Fact]
    public void FixtureCoversEveryOptionOnce()
    {
        var options = Cases.Select(c => c.GetProperty("options").EnumerateObject().Select(p => p.Name)).SelectMany(n => n).ToHashSet();
        Assert.Superset(new HashSet<string> { "lr", "momentum", "nesterov", "weight_decay", "betas", "eps" }, options);
        Assert.Equal(3, Fixture.Value.GetProperty("schedulers").EnumerateArray().Select(s => s.GetProperty("scheduler").GetString()).Distinct().Count());
    }
}
