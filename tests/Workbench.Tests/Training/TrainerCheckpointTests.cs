using Workbench.Checkpoints;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Training;

public class TrainerCheckpointTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-ckpt-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    sealed class Net : Module<Tensor, Tensor>
    {
        readonly Linear a, b; readonly Dropout drop;
        public Net(Generator g)
        {
            a = RegisterModule("a", new Linear(4, 8, generator: g));
            drop = RegisterModule("drop", new Dropout(0.3f, g));   // draws from g while training
            b = RegisterModule("b", new Linear(8, 3, generator: g));
        }
        public override Tensor Forward(Tensor x) => b.Forward(drop.Forward(a.Forward(x).Tanh()));
    }

    static (Tensor X, int[] Y) Data()
    {
        var g = new Generator(99);
        var x = Tensor.Randn([32, 4], g);
        return (x, Enumerable.Range(0, 32).Select(i => x[i, 0] + x[i, 1] > 0 ? (x[i, 2] > 0 ? 2 : 1) : 0).ToArray());
    }

    static IEnumerable<(Tensor, int[])> Batches(Generator g, Tensor x, int[] y)
    {
        var order = g.Permutation(32);   // shuffling draws from the same generator as dropout
        for (int s = 0; s < 32; s += 8)
        {
            var rows = order[s..(s + 8)];
            yield return (x.IndexSelect(0, rows), rows.Select(r => y[r]).ToArray());
        }
    }

    static StepLoss Loss(Net m, (Tensor X, int[] Y) b) => new(Functional.CrossEntropy(m.Forward(b.X), b.Y), b.Y.Length);

    [Fact]
    public void ResumingFromACheckpointIsBitIdenticalToAnUninterruptedRun()
    {
        var (x, y) = Data();
        // Uninterrupted: 6 epochs.
        var g1 = new Generator(5); var m1 = new Net(g1); var o1 = new Adam(m1.Parameters(), 0.02f);
        var h1 = new Trainer(m1, o1, new TrainerOptions(Epochs: 6)).Fit(_ => Batches(g1, x, y), b => Loss(m1, b));

        // Interrupted: 3 epochs, checkpoint, new objects, load, 3 more.
        var g2 = new Generator(5); var m2 = new Net(g2); var o2 = new Adam(m2.Parameters(), 0.02f);
        new Trainer(m2, o2, new TrainerOptions(Epochs: 3)).Fit(_ => Batches(g2, x, y), b => Loss(m2, b));
        var path = Path.Combine(dir, "mid.safetensors");
        Checkpoint.Save(path, m2, o2, g2, new Dictionary<string, string> { [Checkpoint.FingerprintKey] = "abc" });

        var g3 = new Generator(12345); var m3 = new Net(g3); var o3 = new Adam(m3.Parameters(), 0.02f);
        Checkpoint.Load(path, m3, o3, g3, expectedFingerprint: "abc");
        var h3 = new Trainer(m3, o3, new TrainerOptions(Epochs: 3)).Fit(_ => Batches(g3, x, y), b => Loss(m3, b));

        Assert.Equal(h1.Records.Skip(3).Select(r => r.TrainLoss), h3.Records.Select(r => r.TrainLoss));
        foreach (var ((n, p1), (_, p3)) in m1.NamedParameters().Zip(m3.NamedParameters()))
            Assert.True(p1.ToArray().SequenceEqual(p3.ToArray()), $"{n} differs after resuming");
        Assert.True(h1.Records[^1].TrainLoss < h1.Records[0].TrainLoss);
    }

    [Fact]
    public void LoadingRefusesAWrongVocabularyOrAnotherModelWithoutChangingAnything()
    {
        var m = new Net(new Generator(1));
        var path = Path.Combine(dir, "c.safetensors");
        Checkpoint.Save(path, m, metadata: new Dictionary<string, string> { [Checkpoint.FingerprintKey] = "vocab-A" });
        var target = new Net(new Generator(2));
        var before = target.StateDict().Values.Select(t => t.ToArray()).ToArray();
        var ex = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, target, expectedFingerprint: "vocab-B"));
        Assert.Contains("vocab-A", ex.Message);
        Assert.Equal(before, target.StateDict().Values.Select(t => t.ToArray()).ToArray());
        var other = new Linear(4, 8);
        var shape = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, other));
        Assert.Contains("does not fit", shape.Message);
        Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, target, new Adam(target.Parameters())));   // no optimizer state saved
    }

    [Fact]
    public void DivergenceStopsWithAClearMessage()
    {
        var m = new Linear(2, 2, generator: new Generator(0));
        var opt = new SGD(m.Parameters(), 1e30f);
        var x = Tensor.FromArray([1e20f, -1e20f, 3e20f, 1e20f], 2, 2);
        var ex = Assert.ThrowsAny<Exception>(() => new Trainer(m, opt, new TrainerOptions(Epochs: 5, ClipNorm: null))
            .Fit(_ => new[] { 0, 1, 2 }, _ => new StepLoss(Functional.CrossEntropy(m.Forward(x), [0, 1]), 2)));
        Assert.True(ex is TrainingDivergedException or ArithmeticException, ex.GetType().Name);
        Assert.Matches("diverged|non-finite", ex.Message);
    }

    [Fact]
    public void EarlyStoppingHonoursPatience()
    {
        var m = new Linear(1, 1, generator: new Generator(0));
        var opt = new SGD(m.Parameters(), 0.01f);
        int calls = 0;
        var h = new Trainer(m, opt, new TrainerOptions(Epochs: 50, Patience: 2))
            .Fit(_ => new[] { 0 }, _ => new StepLoss(m.Forward(Tensor.Ones(1, 1)).Sum() * 0f, 1), validate: () => ++calls <= 3 ? 1.0 / calls : 5.0);
        Assert.Equal(5, h.Records.Count);   // improves for 3 epochs, then 2 without improvement
        Assert.Contains("early stop", h.StopReason);
        Assert.Equal(1.0 / 3, h.BestValidLoss!.Value, 10);
    }
}
