using Workbench.NN;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Training;

/// <summary>Evaluation.MeanLoss: batch means weighted by their counts give the mean over the whole split, whatever
/// the batch sizes; no gradients are recorded.</summary>
public class EvaluationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    public void Batch_means_weighted_by_size_equal_the_mean_over_all_examples(int batchSize)
    {
        var model = new Linear(4, 3, generator: new Generator(2));
        var x = Tensor.Randn([10, 4], new Generator(5));
        int[] y = [0, 2, 1, 1, 0, 2, 2, 1, 0, 0];
        double whole = Functional.CrossEntropy(model.Forward(x), y).Item();
        var batches = Enumerable.Range(0, (10 + batchSize - 1) / batchSize)
            .Select(b => Enumerable.Range(b * batchSize, Math.Min(batchSize, 10 - b * batchSize)).ToArray());
        double mean = Evaluation.MeanLoss(batches, rows =>
            new StepLoss(Functional.CrossEntropy(model.Forward(x.IndexSelect(0, rows)), rows.Select(r => y[r]).ToArray()), rows.Length));
        Assert.Equal(whole, mean, 5);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        // An unweighted mean of the batch means differs when the last batch is short: the weighting matters.
        if (10 % batchSize != 0)
        {
            double unweighted = batches.Average(rows => (double)Functional.CrossEntropy(model.Forward(x.IndexSelect(0, rows)), rows.Select(r => y[r]).ToArray()).Item());
            Assert.NotEqual(Math.Round(whole, 5), Math.Round(unweighted, 5));
        }
    }

    [Fact]
    public void No_batches_is_an_error_not_a_nan()
    {
        var e = Assert.Throws<ArgumentException>(() => Evaluation.MeanLoss(Array.Empty<int>(), _ => new StepLoss(Tensor.Scalar(1f), 1)));
        Assert.Contains("no batches", e.Message);
        Assert.Equal(2.5, Evaluation.MeanLoss(new[] { 1f, 4f }, v => new StepLoss(Tensor.Scalar(v), 1)), 6);
        Assert.Equal(3.4, Evaluation.MeanLoss(new[] { (1f, 1), (4f, 4) }, b => new StepLoss(Tensor.Scalar(b.Item1), b.Item2)), 6);
    }
}
