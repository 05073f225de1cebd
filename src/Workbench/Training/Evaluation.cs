using Workbench.Tensors;

namespace Workbench.Training;

/// <summary>Scoring a model on held-out batches with the loss it trains on.</summary>
public static class Evaluation
{
    /// <summary>
    /// The mean loss per token (or per sequence, whatever <see cref="StepLoss.Tokens"/> counts) over all
    /// <paramref name="batches"/>: each batch's mean weighted by its count, so a short last batch weighs what it holds.
    /// Runs without gradients; the caller sets eval mode (the <see cref="Trainer"/> does for its validate function).
    /// </summary>
    /// <example><c>validate: () => Evaluation.MeanLoss(data.Loader("valid", 128, BatchOrder.Sequential), b => model.Loss(b.Source, b.Labels!))</c></example>
    public static double MeanLoss<TBatch>(IEnumerable<TBatch> batches, Func<TBatch, StepLoss> loss)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(loss);
        double total = 0;
        long count = 0;
        using (new Autograd.NoGrad())
            foreach (var batch in batches)
            {
                using var scope = Tensor.NewDisposeScope();   // the batch's activations die with it
                var (value, n) = loss(batch);
                total += (double)value.Item() * n;
                count += n;
            }
        return count > 0 ? total / count : throw new ArgumentException("Evaluation.MeanLoss: no batches, or batches with no tokens.", nameof(batches));
    }
}
