using System.Text.RegularExpressions;
using Workbench.Diagrams;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Diagrams;

/// <summary>
/// The stacked (deep and/or bidirectional) RNN diagram, read back from its SVG: one state per layer, direction and
/// step, wired as the layer computes. The wiring is checked against the real layer: ŷ&lt;t&gt; is reachable from
/// x&lt;t'&gt; along the drawn arrows exactly when perturbing x&lt;t'&gt; changes the layer's output at step t.
/// </summary>
public class StackedRnnDiagramTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(4, 1, true)]
    [InlineData(3, 3, false)]
    [InlineData(5, 2, true)]
    public void Every_layer_and_direction_has_a_row_of_states_from_a_zero_state(int steps, int layers, bool bidirectional)
    {
        var m = SvgModel.Parse(StackedRnnDiagram.Draw(steps, layers, bidirectional));
        m.AssertEdgesJoinNodes();
        int dirs = bidirectional ? 2 : 1;
        Assert.Equal(steps * layers, m.Nodes.Count(n => n.Is("forward")));
        Assert.Equal(bidirectional ? steps * layers : 0, m.Nodes.Count(n => n.Is("backward")));
        Assert.Equal(layers * dirs, m.Nodes.Count(n => n.Is("initial")));
        Assert.Equal(bidirectional ? steps * layers : 0, m.Nodes.Count(n => n.Is("concat")));
        Assert.Equal(Enumerable.Range(1, steps).Select(t => $"x<{t}>"), m.Nodes.Where(n => n.Is("input")).Select(n => n.Text));
        Assert.Equal(Enumerable.Range(1, steps).Select(t => $"ŷ<{t}>"), m.Nodes.Where(n => n.Is("prediction")).Select(n => n.Text));
        for (int l = 1; l <= layers; l++)
        {
            string mark = layers > 1 ? $"[{l}]" : "";
            // Forward: 0 → a<1> → … → a<T>; backward: 0 → a<T> → … → a<1>.
            var fwd = m.EdgesOf("forward").Where(e => e.From.StartsWith($"af{l}-", StringComparison.Ordinal)).Select(e => (e.From, e.To)).ToList();
            Assert.Equal(Enumerable.Range(1, steps).Select(t => (t == 1 ? $"af{l}-0" : $"af{l}-{t - 1}", $"af{l}-{t}")), fwd);
            Assert.Equal((bidirectional ? "→" : "") + $"a{mark}<1>", m.NodeById($"af{l}-1").Text);
            if (!bidirectional) continue;
            var bwd = m.EdgesOf("backward").Where(e => e.From.StartsWith($"ab{l}-", StringComparison.Ordinal)).Select(e => (e.From, e.To)).ToList();
            Assert.Equal(Enumerable.Range(1, steps).Reverse().Select(t => (t == steps ? $"ab{l}-0" : $"ab{l}-{t + 1}", $"ab{l}-{t}")), bwd);
            Assert.Equal($"←a{mark}<{steps}>", m.NodeById($"ab{l}-{steps}").Text);
            Assert.Equal($"[→a{mark}<{steps}> ; ←a{mark}<{steps}>]", m.NodeById($"cat{l}-{steps}").Text);
            Assert.Contains(m.Edges, e => e.From == $"af{l}-1" && e.To == $"cat{l}-1" && e.Is("stack"));
            Assert.Contains(m.Edges, e => e.From == $"ab{l}-1" && e.To == $"cat{l}-1" && e.Is("stack"));
        }
    }

    [Theory]
    [InlineData(CellKind.RnnTanh, 1, false)]
    [InlineData(CellKind.Lstm, 1, true)]
    [InlineData(CellKind.Gru, 2, false)]
    [InlineData(CellKind.Gru, 2, true)]
    [InlineData(CellKind.Lstm, 3, true)]
    public void What_each_prediction_can_see_along_the_arrows_is_what_the_layer_computes(CellKind kind, int layers, bool bidirectional)
    {
        const int steps = 4, nx = 3, na = 5;
        var layer = RecurrentLayers.Create(kind, nx, na, layers, bidirectional, generator: new Generator(11));
        var m = SvgModel.Parse(StackedRnnDiagram.From(layer, steps));
        m.AssertEdgesJoinNodes();
        var x = Tensor.Randn([1, steps, nx], new Generator(3));
        var baseline = layer.Forward(x).Output.ToArray();
        int width = baseline.Length / steps;
        for (int source = 1; source <= steps; source++)
        {
            var bumped = x.ToArray();
            for (int i = 0; i < nx; i++) bumped[(source - 1) * nx + i] += 0.5f;
            var output = layer.Forward(Tensor.FromArray(bumped, 1, steps, nx)).Output.ToArray();
            var reached = Reachable(m, $"x{source}");
            for (int t = 1; t <= steps; t++)
            {
                bool changes = Enumerable.Range((t - 1) * width, width).Any(i => Math.Abs(output[i] - baseline[i]) > 1e-6);
                Assert.True(changes == reached.Contains($"yhat{t}"),
                    $"{kind}, {layers} layer(s){(bidirectional ? ", bidirectional" : "")}: x<{source}> {(changes ? "changes" : "does not change")} the output at step {t}, but the diagram {(reached.Contains($"yhat{t}") ? "draws" : "draws no")} path to ŷ<{t}>.");
            }
        }
    }

    [Theory]
    [InlineData(CellKind.RnnTanh, 5, 4, 1, false)]
    [InlineData(CellKind.RnnRelu, 2, 3, 2, true)]
    [InlineData(CellKind.Gru, 7, 16, 2, true)]
    [InlineData(CellKind.Lstm, 32, 64, 3, false)]
    [InlineData(CellKind.Lstm, 10, 6, 2, true)]
    public void The_notes_name_every_weight_of_the_layer_with_its_pytorch_shape(CellKind kind, int nx, int na, int layers, bool bidirectional)
    {
        var layer = RecurrentLayers.Create(kind, nx, na, layers, bidirectional);
        var m = SvgModel.Parse(StackedRnnDiagram.From(layer, 3));
        var drawn = new Dictionary<string, int[]>();
        foreach (var note in m.Texts)
            foreach (Match w in Regex.Matches(note, @"(weight_\w\w_l\d(?:_reverse)?) \[(\d+) × (\d+)\]"))
                drawn[w.Groups[1].Value] = [int.Parse(w.Groups[2].Value), int.Parse(w.Groups[3].Value)];
        foreach (var note in m.Texts)
            foreach (Match b in Regex.Matches(note, @"(bias_ih_l\d(?:_reverse)?) and (bias_hh_l\d(?:_reverse)?) \[(\d+)\]"))
            {
                drawn[b.Groups[1].Value] = [int.Parse(b.Groups[3].Value)];
                drawn[b.Groups[2].Value] = [int.Parse(b.Groups[3].Value)];
            }
        var actual = layer.StateDict().ToDictionary(p => p.Key, p => p.Value.Shape);
        Assert.Equal(actual.Keys.Order(), drawn.Keys.Order());
        foreach (var (name, shape) in actual) Assert.Equal(shape, drawn[name]);
        Assert.Contains(m.Texts, t => t.StartsWith(bidirectional ? "forward:  →a" : "a", StringComparison.Ordinal) && t.Contains(kind switch
        {
            CellKind.Lstm => "LSTM step",
            CellKind.Gru => "GRU step",
            CellKind.RnnRelu => "relu(",
            _ => "tanh(",
        }));
    }

    [Fact]
    public void A_long_sequence_is_elided_in_every_row_and_the_paths_run_through()
    {
        var m = SvgModel.Parse(StackedRnnDiagram.Draw(12, layers: 2, bidirectional: true));
        m.AssertEdgesJoinNodes();
        Assert.Equal(["x<1>", "x<2>", "x<11>", "x<12>"], m.Nodes.Where(n => n.Is("input")).Select(n => n.Text));
        Assert.Equal(4, m.Nodes.Count(n => n.Is("elided")));   // one per layer and direction
        Assert.Contains(m.Edges, e => e.From == "af1-2" && e.To == "af1-more");
        Assert.Contains(m.Edges, e => e.From == "af1-more" && e.To == "af1-11");
        Assert.Contains(m.Edges, e => e.From == "ab2-11" && e.To == "ab2-more");
        Assert.Contains(m.Edges, e => e.From == "ab2-more" && e.To == "ab2-2");
        Assert.Contains(Reachable(m, "x12"), n => n == "yhat1");   // the backward rows carry x<12> to the first output
        Assert.DoesNotContain("yhat1", Reachable(SvgModel.Parse(StackedRnnDiagram.Draw(12, layers: 2)), "x12"));
        Assert.Contains("2-layer bidirectional RNN unrolled over T_x = 12 steps", m.Texts);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_their_names()
    {
        Assert.Contains("time steps", Assert.Throws<ArgumentOutOfRangeException>(() => StackedRnnDiagram.Draw(0)).Message);
        Assert.Contains("layers", Assert.Throws<ArgumentOutOfRangeException>(() => StackedRnnDiagram.Draw(3, layers: 0)).Message);
        Assert.Contains("both sizes", Assert.Throws<ArgumentException>(() => StackedRnnDiagram.Draw(3, inputSize: 4)).Message);
        Assert.Contains("both sizes", Assert.Throws<ArgumentException>(() => StackedRnnDiagram.Draw(3, inputSize: 4, hiddenSize: 0)).Message);
        Assert.Throws<ArgumentNullException>(() => StackedRnnDiagram.From(null!, 3));
    }

    /// <summary>Node ids reachable from <paramref name="start"/> along the drawn arrows.</summary>
    static HashSet<string> Reachable(SvgModel m, string start)
    {
        var next = m.Edges.ToLookup(e => e.From, e => e.To);
        var seen = new HashSet<string> { start };
        var todo = new Stack<string>([start]);
        while (todo.Count > 0)
            foreach (var n in next[todo.Pop()])
                if (seen.Add(n)) todo.Push(n);
        return seen;
    }
}
