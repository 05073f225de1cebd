using Workbench.NN;
using Workbench.Optim;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Training;

/// <summary>
/// TrainerOptions.RestoreBest: after the run the model holds the weights it had right after the epoch with the lowest
/// validation loss, whichever rule ended the run. Validation losses are scripted, so the best epoch is known in
/// advance; the weights after every epoch are copied in onEpoch and compared with what the model holds at the end.
/// </summary>
public class RestoreBestTests
{
    /// <summary>A linear model trained by SGD on a fixed non-zero loss: its weights change every epoch.</summary>
    static (Linear Model, Trainer Trainer, List<float[][]> AfterEpoch, TrainingHistory History) Run(double[] validLosses, TrainerOptions options)
    {
        var model = new Linear(3, 2, generator: new Generator(7));
        var trainer = new Trainer(model, new SGD(model.Parameters(), 0.1f), options);
        var x = Tensor.FromArray([1f, -2f, 0.5f, 0.3f, 0.8f, -1f], 2, 3);
        var afterEpoch = new List<float[][]>();
        int calls = 0;
        var history = trainer.Fit(_ => new[] { 0, 1 },
            _ => new StepLoss(Functional.CrossEntropy(model.Forward(x), [0, 1]), 2),
            validate: () => validLosses[calls++],
            onEpoch: _ => afterEpoch.Add(Weights(model)));
        return (model, trainer, afterEpoch, history);
    }

    static float[][] Weights(Module m) => m.Parameters().Select(p => p.ToArray()).ToArray();

    static void AssertHolds(Module m, float[][] expected)
    {
        var actual = Weights(m);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.5, 0.7, 0.8, 0.6 }, 2, 5)]            // best in the middle, run completes
    [InlineData(new[] { 0.4, 0.5, 0.6, 0.7, 0.8 }, 1, 5)]            // best at the first epoch
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, 5, 5)]            // still improving: the last epoch is the best
    [InlineData(new[] { 0.9, 0.5, 0.5, 0.7, 0.3 }, 5, 5)]            // a tie is not an improvement; a later drop is
    [InlineData(new[] { 0.9, 0.5, 0.4999999999, 0.6, 0.7 }, 2, 5)]   // better by less than 1e-9 counts as a tie
    public void The_model_ends_with_the_weights_of_its_best_validation_epoch(double[] valid, int bestEpoch, int epochs)
    {
        var (model, _, afterEpoch, history) = Run(valid, new TrainerOptions(Epochs: epochs, RestoreBest: true));
        Assert.Equal(epochs, history.Records.Count);
        Assert.Equal(bestEpoch, history.BestEpoch);
        Assert.Equal(bestEpoch, history.WeightsEpoch);
        AssertHolds(model, afterEpoch[bestEpoch - 1]);
        if (bestEpoch != epochs)
        {
            Assert.NotEqual(afterEpoch[^1][0], Weights(model)[0]);   // the weights did move on after the best epoch
            Assert.EndsWith($"; restored the weights of epoch {bestEpoch} (lowest validation loss)", history.StopReason);
        }
    }

    [Fact]
    public void Early_stopping_restores_the_epoch_before_the_patience_ran_out()
    {
        var (model, _, afterEpoch, history) = Run([1.0, 0.6, 0.4, 0.45, 0.5, 0.2], new TrainerOptions(Epochs: 6, Patience: 2, RestoreBest: true));
        Assert.Equal(5, history.Records.Count);
        Assert.StartsWith("early stop: no validation improvement in 2 epochs", history.StopReason);
        Assert.Contains("restored the weights of epoch 3", history.StopReason);
        Assert.Equal(3, history.WeightsEpoch);
        AssertHolds(model, afterEpoch[2]);
    }

    [Fact]
    public void A_run_ended_by_max_steps_still_counts_its_last_epoch_as_a_candidate()
    {
        // Two steps per epoch; MaxSteps 6 ends the run in epoch 3, whose validation loss is the lowest.
        var (model, trainer, afterEpoch, history) = Run([0.9, 0.8, 0.1], new TrainerOptions(Epochs: 10, MaxSteps: 6, RestoreBest: true));
        Assert.Equal(6, trainer.Step);
        Assert.Equal(3, history.Records.Count);
        Assert.Equal(3, history.WeightsEpoch);
        AssertHolds(model, afterEpoch[2]);
        var (m2, _, after2, h2) = Run([0.9, 0.1, 0.8], new TrainerOptions(Epochs: 10, MaxSteps: 6, RestoreBest: true));
        Assert.Equal(2, h2.WeightsEpoch);
        AssertHolds(m2, after2[1]);
    }

    [Fact]
    public void Without_restore_best_the_model_keeps_its_last_weights()
    {
        var (model, _, afterEpoch, history) = Run([0.9, 0.5, 0.7, 0.8], new TrainerOptions(Epochs: 4));
        Assert.Equal(2, history.BestEpoch);
        Assert.Equal(4, history.WeightsEpoch);
        Assert.Equal("completed 4 epochs", history.StopReason);
        AssertHolds(model, afterEpoch[3]);
    }

    [Fact]
    public void Restore_best_without_validation_is_refused_before_training()
    {
        var model = new Linear(2, 2, generator: new Generator(1));
        var before = Weights(model);
        var trainer = new Trainer(model, new SGD(model.Parameters(), 0.1f), new TrainerOptions(Epochs: 2, RestoreBest: true));
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(_ => new[] { 0 },
            _ => new StepLoss(Functional.CrossEntropy(model.Forward(Tensor.Ones(1, 2)), [1]), 1)));
        Assert.Contains("RestoreBest needs a validate function", e.Message);
        AssertHolds(model, before);
        Assert.Equal(0, trainer.Step);
    }
}
