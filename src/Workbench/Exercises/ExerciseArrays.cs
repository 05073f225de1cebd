using Workbench.Tensors;

namespace Workbench.Exercises;

/// <summary>
/// Plain arrays for exercises: students write loops over <c>double[]</c> and <c>double[,]</c>, the checks compute the
/// reference with library tensors, and these convert between the two (float32 values, as the library computes) and
/// draw random test inputs.
/// </summary>
public static class ExerciseArrays
{
    /// <summary>A tensor's values as a flat <c>double[]</c>, row-major.</summary>
    public static double[] Vector(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Array.ConvertAll(t.ToArray(), v => (double)v);
    }

    /// <summary>A [rows, cols] tensor as <c>double[rows, cols]</c>.</summary>
    public static double[,] Matrix(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rank != 2) throw new ArgumentException($"ExerciseArrays.Matrix: needs a [rows, cols] tensor, got {ShapeUtil.Format(t.ShapeSpan)}.", nameof(t));
        int rows = t.Size(0), cols = t.Size(1);
        var values = t.ToArray();
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = values[i * cols + j];
        return m;
    }

    /// <summary><paramref name="values"/> as a float32 tensor of <paramref name="shape"/> ([n] when no shape is given).</summary>
    public static Tensor ToTensor(double[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Tensor.FromArray(Array.ConvertAll(values, v => (float)v), shape.Length == 0 ? [values.Length] : shape);
    }

    /// <summary>A [rows, cols] float32 tensor holding <paramref name="values"/>.</summary>
    public static Tensor ToTensor(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Tensor.FromArray(values.Cast<double>().Select(v => (float)v).ToArray(), values.GetLength(0), values.GetLength(1));
    }

    /// <summary><paramref name="n"/> normal draws with standard deviation <paramref name="std"/>, rounded to float32.</summary>
    public static double[] RandomVector(Generator generator, int n, float std = 1f) => Vector(Tensor.Randn([n], generator, std: std));

    /// <summary>A [rows, cols] matrix of normal draws, rounded to float32.</summary>
    public static double[,] RandomMatrix(Generator generator, int rows, int cols, float std = 1f) => Matrix(Tensor.Randn([rows, cols], generator, std: std));
}
