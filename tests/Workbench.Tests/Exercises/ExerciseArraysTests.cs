using Workbench.Exercises;
using Workbench.Tensors;

namespace Workbench.Tests.Exercises;

public class ExerciseArraysTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 2)]
    public void A_matrix_goes_to_a_tensor_and_back_row_major(int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = 10 * i + j + 0.5;
        var t = ExerciseArrays.ToTensor(m);
        Assert.Equal([rows, cols], t.Shape);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) Assert.Equal(10 * i + j + 0.5, t[i, j]);
        Assert.Equal(m, ExerciseArrays.Matrix(t));
        Assert.Equal(m.Cast<double>(), ExerciseArrays.Vector(t));
    }

    [Fact]
    public void A_vector_takes_the_shape_asked_for_or_its_length()
    {
        double[] v = [1, -2, 3.25, 4, 5, 6];
        Assert.Equal([6], ExerciseArrays.ToTensor(v).Shape);
        var t = ExerciseArrays.ToTensor(v, 2, 3);
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(6f, t[1, 2]);
        Assert.Equal(v, ExerciseArrays.Vector(t));
    }

    [Fact]
    public void Random_inputs_are_float32_values_fixed_by_the_seed()
    {
        var a = ExerciseArrays.RandomMatrix(new Generator(3), 3, 4, std: 0.5f);
        var b = ExerciseArrays.RandomMatrix(new Generator(3), 3, 4, std: 0.5f);
        Assert.Equal(a, b);
        Assert.All(a.Cast<double>(), x => Assert.Equal(x, (double)(float)x));
        Assert.NotEqual(a, ExerciseArrays.RandomMatrix(new Generator(4), 3, 4, std: 0.5f));
        var v = ExerciseArrays.RandomVector(new Generator(3), 12, std: 0.5f);
        Assert.Equal(a.Cast<double>(), v);                   // the same draws, in row-major order
    }

    [Fact]
    public void A_matrix_needs_a_rank_two_tensor()
    {
        var e = Assert.Throws<ArgumentException>(() => ExerciseArrays.Matrix(Tensor.Zeros(2, 3, 4)));
        Assert.Contains("[2, 3, 4]", e.Message);
    }
}
