using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>A cell stepped over a sequence computes what the fused layer computes: outputs, final states, gradients.</summary>
public class UnrolledLayerTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed), std: 0.8f);

    static (RecurrentLayer Layer, RecurrentCell Cell) Pair(CellKind kind, int f, int h, int seed)
    {
        var layer = RecurrentLayers.Create(kind, f, h, generator: new Generator(seed));
        RecurrentCell cell = kind switch
        {
            CellKind.Gru => GRUCell.FromLayer(layer),
            CellKind.Lstm => LSTMCell.FromLayer(layer),
            _ => RNNCell.FromLayer(layer),
        };
        return (layer, cell);
    }

    static void Close(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToArray(), actual.ToArray());
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"element {i}: {e[i]} vs {a[i]}");
    }

    [Theory]
    [InlineData(CellKind.RnnTanh, 2, 5, 3, 4, 1)]
    [InlineData(CellKind.RnnRelu, 3, 4, 2, 3, 2)]
    [InlineData(CellKind.Gru, 2, 6, 3, 5, 3)]
    [InlineData(CellKind.Lstm, 4, 3, 2, 4, 4)]
    [InlineData(CellKind.Lstm, 1, 7, 1, 2, 5)]
    public void StepByStepEqualsTheFusedLayer(CellKind kind, int batch, int time, int f, int h, int seed)
    {
        var (layer, cell) = Pair(kind, f, h, seed);
        var unrolled = new UnrolledLayer(cell);
        var x = R(seed + 10, batch, time, f);
        var fused = layer.Forward(x);
        var stepped = unrolled.Forward(x);
        Close(fused.Output, stepped.Output);
        Close(fused.HN, stepped.HN);
        if (kind == CellKind.Lstm) Close(fused.CN!, stepped.CN!);
        else Assert.Null(stepped.CN);
    }

    [Theory]
    [InlineData(CellKind.RnnTanh)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    public void GradientsEqualTheFusedLayers(CellKind kind)
    {
        var (layer, cell) = Pair(kind, 3, 4, 9);
        var unrolled = new UnrolledLayer(cell);
        var x = R(19, 2, 5, 3);
        var weights = R(29, 2, 5, 4);
        (layer.Forward(x).Output * weights).Sum().Backward();
        (unrolled.Forward(x).Output * weights).Sum().Backward();
        var layerGrads = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!);
        foreach (var (name, p) in cell.NamedParameters())
            Close(layerGrads[name + "_l0"], p.Grad!, 1e-4);
    }

    [Fact]
    public void NamesItsCellAndRefusesAWrongInputShape()
    {
        var unrolled = new UnrolledLayer(new LSTMCell(3, 4));
        Assert.Equal(["cell.weight_ih", "cell.weight_hh", "cell.bias_ih", "cell.bias_hh"], unrolled.NamedParameters().Select(p => p.Name));
        var e = Assert.Throws<ArgumentException>(() => unrolled.Forward(Tensor.Zeros(2, 5, 2)));
        Assert.Contains("[batch, seq_len, 3]", e.Message);
        Assert.Contains("[2, 5, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => unrolled.Forward(Tensor.Zeros(2, 3)));
    }
}
