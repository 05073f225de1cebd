using Workbench.Inspection;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Inspection;

/// <summary>Recorded states against the readable reference: the cell stepped one token at a time.</summary>
public class HiddenStatesTests
{
    static RecurrentLanguageModel Model(CellKind cell, long seed, int layers = 1) =>
        new(new LanguageModelConfig(cell, VocabSize: 9, EmbeddingDim: 4, HiddenSize: 6, NumLayers: layers), new Generator(seed));

    static int[] Ids(long seed, int length)
    {
        var g = new Generator(seed + 100);
        return Enumerable.Range(0, length).Select(_ => g.NextInt(9)).ToArray();
    }

    [Theory]
    [InlineData(1L, 1)]
    [InlineData(2L, 17)]
    [InlineData(3L, 40)]
    public void Lstm_states_equal_the_cell_stepped_token_by_token(long seed, int length)
    {
        var lm = Model(CellKind.Lstm, seed);
        var ids = Ids(seed, length);
        var states = HiddenStates.Record(lm, ids);
        Assert.Equal((length, 6), (states.Steps, states.Units));
        Assert.NotNull(states.Cell);

        var cell = LSTMCell.FromLayer(lm.Rnn);
        (Tensor H, Tensor C)? state = null;
        using var noGrad = new Workbench.Autograd.NoGrad();
        double worst = 0, largest = 0;
        for (int t = 0; t < length; t++)
        {
            var x = lm.Embedding.Forward([ids[t]], 1, 1).Reshape(1, 4);
            var (next, _) = cell.Forward(x, state);
            state = next;
            for (int j = 0; j < 6; j++)
            {
                worst = Math.Max(worst, Math.Abs(states.Hidden[t, j] - next.H[0, j]));
                worst = Math.Max(worst, Math.Abs(states.Cell![t, j] - next.C[0, j]));
                largest = Math.Max(largest, Math.Abs(next.C[0, j]));
            }
        }
        Assert.True(worst < 1e-5, $"largest difference {worst}");
        Assert.True(largest > 0.05, "the reference cell stayed near zero, so the comparison would prove little");
    }

    [Fact]
    public void A_gru_has_hidden_states_only_and_they_equal_the_layer_output()
    {
        var lm = Model(CellKind.Gru, 5);
        var ids = Ids(5, 12);
        var states = HiddenStates.Record(lm, ids);
        Assert.Null(states.Cell);
        using var noGrad = new Workbench.Autograd.NoGrad();
        var output = lm.Rnn.Forward(lm.Embedding.Forward(ids, 1, ids.Length)).Output;
        for (int t = 0; t < ids.Length; t++)
            for (int j = 0; j < 6; j++) Assert.Equal(output[0, t, j], states.Hidden[t, j], 5);
    }

    [Fact]
    public void Bad_input_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => HiddenStates.Record(Model(CellKind.Lstm, 1, layers: 2), [1, 2]));
        Assert.Contains("2 layers", e.Message);
        var o = Assert.Throws<ArgumentOutOfRangeException>(() => HiddenStates.Record(Model(CellKind.Lstm, 1), [1, 9, 2]));
        Assert.Contains("token id 9 at position 1", o.Message);
        Assert.Throws<ArgumentException>(() => HiddenStates.Record(Model(CellKind.Lstm, 1), []));
    }

    [Fact]
    public void Recording_leaves_the_model_in_training_mode_if_it_was()
    {
        var lm = Model(CellKind.Lstm, 4);
        lm.Train();
        HiddenStates.Record(lm, [1, 2, 3]);
        Assert.True(lm.Training);
    }

    [Fact]
    public void A_slice_keeps_the_rows_of_its_steps()
    {
        var states = HiddenStates.Record(Model(CellKind.Lstm, 6), Ids(6, 20));
        var part = states.Slice(5, 7);
        Assert.Equal((7, 6), (part.Steps, part.Units));
        for (int t = 0; t < 7; t++)
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(states.Hidden[5 + t, j], part.Hidden[t, j]);
                Assert.Equal(states.Cell![5 + t, j], part.Cell![t, j]);
            }
        Assert.Throws<ArgumentOutOfRangeException>(() => states.Slice(15, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => states.Slice(-1, 3));
    }
}
