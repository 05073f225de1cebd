using Workbench.Data;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Training;

/// <summary>The per-step callback that drives progress bars reports every step, and its losses add up to the epoch's.</summary>
public class StepProgressTests
{
    [Fact]
    public void EveryStepIsReportedAndTheTokenWeightedMeanIsTheEpochLoss()
    {
        var data = Datasets.Copy(count: 120, seed: 2);
        var model = new Seq2SeqModel(Seq2SeqTraining.ConfigFor(data, CellKind.Gru) with { EmbeddingDim = 4, HiddenSize = 8 }, new Generator(1));
        var steps = new List<StepRecord>();
        var adam = new Adam(model.Parameters(), 1e-2f);
        var h = Seq2SeqTraining.Train(model, Seq2SeqTraining.Pairs(data.Train), Seq2SeqTraining.Pairs(data.Valid),
            new Seq2SeqTrainingOptions(Epochs: 2, BatchSize: 16), new Generator(3), optimizer: adam, onStep: steps.Add);
        Assert.Equal(2 * (int)Math.Ceiling(data.Train.Count / 16.0), steps.Count);
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(i => (long)i), steps.Select(s => s.Step));
        Assert.Equal(steps.Count, adam.StepCount);   // the optimizer passed in is the one that stepped
        foreach (var rec in h.Records)
        {
            var mine = steps.Where(s => s.Epoch == rec.Epoch).ToList();
            Assert.Equal(rec.TrainLoss, mine.Sum(s => s.Loss * s.Tokens) / mine.Sum(s => s.Tokens), 6);
        }
    }

    [Fact]
    public void TheLanguageModelEntryPointReportsItsWindows()
    {
        var text = string.Join(" ", Enumerable.Range(0, 1000).Select(i => (i * 7 % 13).ToString()));
        var field = Datasets.FieldBuilder(TokenLevel.Char)([text]);
        var ids = field.Encode(text);
        var data = new LanguageModelDataset("digits", "digits", field, ids[..1000], ids[1000..1200], ids[1200..]);
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Lstm, data.Field.Vocab.Count, 4, 8), new Generator(1));
        var steps = new List<StepRecord>();
        var h = LanguageModelTraining.Train(lm, data, new LanguageModelTrainingOptions(BatchSize: 2, Bptt: 8, Epochs: 1), onStep: steps.Add);
        Assert.Equal(data.Stream("train", 2, 8).Count, steps.Count);
        Assert.Equal(h.Records[0].TrainLoss, steps.Sum(s => s.Loss * s.Tokens) / steps.Sum(s => s.Tokens), 6);
    }

    [Fact]
    public void NonFiniteLogitsInsideTheLossAreReportedAsDivergenceWithTheStep()
    {
        var m = new Linear(2, 3, generator: new Generator(0));
        var opt = new SGD(m.Parameters(), 0.1f);
        int calls = 0;
        var ex = Assert.Throws<TrainingDivergedException>(() => new Trainer(m, opt, new TrainerOptions(Epochs: 3)).Fit(
            _ => new[] { 0, 1 },
            _ => new StepLoss(Functional.CrossEntropy(m.Forward(Tensor.FromArray([++calls < 3 ? 1f : float.NaN, 0f], 1, 2)), [0]), 1)));
        Assert.Equal("training diverged at epoch 2, step 3: cross_entropy: logits row 0 has a non-finite value (NaN) at class 0; training has diverged (lower the learning rate or clip gradients).", ex.Message);
    }
}
