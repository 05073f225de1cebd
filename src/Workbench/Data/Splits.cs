using Workbench.Tensors;

namespace Workbench.Data;

/// <summary>Train, validation and test parts of a dataset.</summary>
public sealed record Splits<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Valid, IReadOnlyList<T> Test)
{
    public override string ToString() => $"train {Train.Count}, valid {Valid.Count}, test {Test.Count}";
}

/// <summary>Seed-fixed splitting.</summary>
public static class Split
{
    /// <summary>
    /// Shuffles with a Generator seeded by <paramref name="seed"/> and cuts off round(n * validFraction) items
    /// for validation and round(n * testFraction) for test; the rest is training data, in shuffled order.
    /// The same items, seed and fractions give the same splits on every run and machine.
    /// </summary>
    public static Splits<T> Random<T>(IReadOnlyList<T> items, double validFraction = 0.1, double testFraction = 0.1, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (validFraction < 0 || testFraction < 0 || validFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(validFraction), $"Need valid >= 0, test >= 0 and valid + test < 1; got {validFraction} and {testFraction}.");
        var order = new Generator(seed).Permutation(items.Count);
        int nValid = (int)Math.Round(items.Count * validFraction), nTest = (int)Math.Round(items.Count * testFraction);
        var valid = order.Take(nValid).Select(i => items[i]).ToList();
        var test = order.Skip(nValid).Take(nTest).Select(i => items[i]).ToList();
        var train = order.Skip(nValid + nTest).Select(i => items[i]).ToList();
        return new Splits<T>(train, valid, test);
    }
}
