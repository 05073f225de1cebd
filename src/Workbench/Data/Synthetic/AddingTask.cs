using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>One adding-problem sequence: T values in [0, 1), a 0/1 marker per step (exactly two 1s), and the sum
/// of the two marked values.</summary>
public sealed record AddingExample(float[] Values, float[] Markers, float Target);

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber 1997, in the form of Le et al. 2015): each step feeds a
/// (value, marker) pair; one marker falls in the first half of the sequence and one in the second, and the
/// target is the sum of the two marked values. Predicting 1 always scores a mean squared error of about 0.167,
/// the baseline a model must beat; the distance between the markers grows with T, which makes it a test of
/// long-range memory.
/// </summary>
public static class AddingTask
{
    public static List<AddingExample> Generate(int count, int length, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "length must be >= 2.");
        var examples = new List<AddingExample>(count);
        int half = length / 2;
        for (int i = 0; i < count; i++)
        {
            var values = new float[length];
            for (int t = 0; t < length; t++) values[t] = generator.NextFloat();
            var markers = new float[length];
            int a = generator.NextInt(half), b = half + generator.NextInt(length - half);
            markers[a] = markers[b] = 1f;
            examples.Add(new AddingExample(values, markers, values[a] + values[b]));
        }
        return examples;
    }

    /// <summary>Stacks examples into inputs [B, T, 2] (value, marker) and targets [B, 1].</summary>
    public static (Tensor Inputs, Tensor Targets) ToTensors(IReadOnlyList<AddingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("No examples to stack.", nameof(examples));
        int b = examples.Count, t = examples[0].Values.Length;
        var x = new float[b * t * 2];
        var y = new float[b];
        for (int i = 0; i < b; i++)
        {
            if (examples[i].Values.Length != t) throw new ArgumentException($"Example {i} has length {examples[i].Values.Length}, expected {t}.", nameof(examples));
            for (int s = 0; s < t; s++) { x[(i * t + s) * 2] = examples[i].Values[s]; x[(i * t + s) * 2 + 1] = examples[i].Markers[s]; }
            y[i] = examples[i].Target;
        }
        return (Tensor.FromArray(x, b, t, 2), Tensor.FromArray(y, b, 1));
    }
}
