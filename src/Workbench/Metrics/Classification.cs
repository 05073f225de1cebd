namespace Workbench.Metrics;

/// <summary>Accuracy and confusion matrix for class predictions.</summary>
public static class Classification
{
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        if (predicted.Count != gold.Count) throw new ArgumentException($"accuracy: {predicted.Count} predictions but {gold.Count} labels.");
        return gold.Count == 0 ? 0 : predicted.Zip(gold).Count(p => p.First == p.Second) / (double)gold.Count;
    }

    /// <summary>counts[gold, predicted] over <paramref name="classes"/> classes (rows are the truth, as in scikit-learn).</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> predicted, IReadOnlyList<int> gold, int classes)
    {
        if (predicted.Count != gold.Count) throw new ArgumentException($"confusion matrix: {predicted.Count} predictions but {gold.Count} labels.");
        var m = new int[classes, classes];
        for (int i = 0; i < gold.Count; i++)
        {
            if ((uint)gold[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(predicted), $"confusion matrix: pair {i} (gold {gold[i]}, predicted {predicted[i]}) is outside 0..{classes - 1}.");
            m[gold[i], predicted[i]]++;
        }
        return m;
    }
}
