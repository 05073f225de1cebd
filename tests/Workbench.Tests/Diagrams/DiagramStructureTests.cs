using System.Globalization;
using System.Text;
using Workbench.Decoding;
using Workbench.Diagrams;
using Workbench.Notebook;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tests.Decoding;

namespace Workbench.Tests.Diagrams;

/// <summary>Each diagram's SVG, read back with an XML parser, has the nodes, labels and edges its input implies.</summary>
public class DiagramStructureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Unrolled_rnn_has_one_column_per_step_and_the_full_bptt_path(int steps)
    {
        var m = SvgModel.Parse(RnnDiagram.Unrolled(steps));
        m.AssertEdgesJoinNodes();
        Assert.Equal(steps, m.Nodes.Count(n => n.Is("state") && !n.Is("initial")));
        foreach (var (cls, label) in new[] { ("input", "x"), ("prediction", "ŷ"), ("loss", "L"), ("target", "y") })
            Assert.Equal(Enumerable.Range(1, steps).Select(t => $"{label}<{t}>"), m.Nodes.Where(n => n.Is(cls) && !n.Is("total")).Select(n => n.Text));
        Assert.Equal("a<0>", m.NodeById("a0").Text);
        foreach (var w in new[] { "Wax", "Waa", "Wya" }) Assert.Contains(w, m.Texts);
        // Forward: x→a, a→ŷ, ŷ→L<t>, L<t>→L per step, and a<t-1>→a<t> for every step including a<0>→a<1>.
        Assert.Equal(4 * steps + steps, m.EdgesOf("forward").Count());
        Assert.Equal(steps, m.EdgesOf("forward").Count(e => e.Label == "Waa"));
        // Backward: L→L<t>, L<t>→ŷ<t>, ŷ<t>→a<t> per step, and a<t>→a<t-1> back to a<1> (a<0> = 0 is not learned).
        var back = m.EdgesOf("backward").ToList();
        Assert.Equal(3 * steps + (steps - 1), back.Count);
        for (int t = 2; t <= steps; t++) Assert.Contains(back, e => e.From == $"a{t}" && e.To == $"a{t - 1}");
        Assert.DoesNotContain(back, e => e.To == "a0");
        Assert.Equal(steps == 1 ? "L = L<1>" : $"L = L<1> + … + L<{steps}>", m.NodeById("L").Text);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(5, 2)]
    [InlineData(3, 1)]
    public void Tracing_one_steps_loss_draws_only_its_path(int steps, int k)
    {
        var m = SvgModel.Parse(RnnDiagram.Unrolled(steps, lossStep: k));
        var back = m.EdgesOf("backward").ToList();
        Assert.Equal(2 + (k - 1), back.Count);
        Assert.Contains(back, e => e.From == $"L{k}" && e.To == $"yhat{k}");
        Assert.DoesNotContain(back, e => e.From == "L");
        Assert.All(back, e => Assert.True(int.Parse(e.From[^1..]) <= k));
        Assert.Empty(SvgModel.Parse(RnnDiagram.Unrolled(steps, backward: false)).EdgesOf("backward"));
    }

    [Fact]
    public void A_long_sequence_is_elided_but_keeps_its_real_indices_and_gradient_path()
    {
        var m = SvgModel.Parse(RnnDiagram.Unrolled(16));
        m.AssertEdgesJoinNodes();
        Assert.Equal(["x<1>", "x<2>", "x<3>", "x<15>", "x<16>"], m.Nodes.Where(n => n.Is("input")).Select(n => n.Text));
        Assert.Single(m.Nodes, n => n.Is("elided"));
        Assert.Contains(m.Edges, e => e.Is("backward") && e.From == "a15" && e.To == "a-more");
        Assert.Contains(m.Edges, e => e.Is("backward") && e.From == "a-more" && e.To == "a3");
        Assert.Contains("L = L<1> + … + L<16>", m.Texts);
        // Only the last step's loss: its gradient still runs back through the elided steps.
        var last = SvgModel.Parse(RnnDiagram.Unrolled(16, lossStep: 16));
        Assert.Contains(last.Edges, e => e.Is("backward") && e.From == "a-more" && e.To == "a3");
        var early = SvgModel.Parse(RnnDiagram.Unrolled(16, lossStep: 3));
        Assert.DoesNotContain(early.Edges, e => e.Is("backward") && (e.From == "a-more" || e.To == "a-more"));
    }

    [Fact]
    public void Unrolled_rnn_from_a_layer_shows_its_pytorch_shapes()
    {
        var rnn = new RNN(3, 5, generator: new Generator(1));
        var m = SvgModel.Parse(RnnDiagram.Unrolled(rnn, outputSize: 4, steps: 3));
        Assert.Contains(m.Texts, t => t.Contains("Wax = weight_ih_l0 [5 × 3]") && t.Contains("Waa = weight_hh_l0 [5 × 5]") && t.Contains("[4 × 5]"));
        var relu = SvgModel.Parse(RnnDiagram.Unrolled(new RNN(2, 2, nonlinearity: NonLinearity.ReLU), 2, 2));
        Assert.Contains(relu.Texts, t => t.StartsWith("forward:  a<t> = relu(", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => RnnDiagram.Unrolled(new RNN(2, 2, numLayers: 2), 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RnnDiagram.Unrolled(0));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RnnDiagram.Unrolled(4, lossStep: 5));
        Assert.Contains("1..4", e.Message);
    }

    [Fact]
    public void Cells_name_their_gates_and_pytorch_blocks()
    {
        var lstm = SvgModel.Parse(CellDiagram.Lstm());
        lstm.AssertEdgesJoinNodes();
        foreach (var label in new[] { "Γf", "Γu", "Γo", "c̃<t>", "c<t>", "c<t-1>", "a<t>", "a<t-1>", "x<t>" })
            Assert.Contains(label, lstm.Texts);
        Assert.Equal(["f", "i", "o"], lstm.Nodes.Where(n => n.Is("gate")).Select(n => n.Texts[1]));
        Assert.Equal("tanh | g", lstm.NodeById("candidate").Text);
        Assert.Contains("c<t> = Γu ⊙ c̃<t> + Γf ⊙ c<t-1>", lstm.Texts);
        Assert.Contains("a<t> = Γo ⊙ tanh(c<t>)", lstm.Texts);

        var gru = SvgModel.Parse(CellDiagram.For(CellKind.Gru));
        gru.AssertEdgesJoinNodes();
        foreach (var label in new[] { "Γr", "Γu", "c̃<t>", "a<t> = c<t>", "a<t-1>", "x<t>", "1 − Γu" })
            Assert.Contains(label, gru.Texts);
        Assert.Equal(["z = 1 − Γu", "r"], gru.Nodes.Where(n => n.Is("gate")).Select(n => n.Texts[1]));
        Assert.Contains("c̃<t> = tanh(Win x<t> + bin + Γr ⊙ (Whn a<t-1> + bhn))", gru.Texts);
        Assert.Contains(gru.Edges, e => e.From == "gate_r" && e.To == "candidate" && e.Label == "Γr");
        Assert.Throws<ArgumentException>(() => CellDiagram.For(CellKind.RnnTanh));
    }

    /// <summary>
    /// The drawn wiring is the library's computation: evaluate the diagram's graph (σ gates by their PyTorch block,
    /// ⊙ multiplies, ⊕ adds, 1− subtracts from one, tanh boxes squash) on a real cell's weights and compare with the
    /// cell's own forward pass. A gate wired to the wrong ⊙ or the GRU's Γr drawn in the notes' place would fail.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm, 1L)]
    [InlineData(CellKind.Lstm, 2L)]
    [InlineData(CellKind.Gru, 3L)]
    [InlineData(CellKind.Gru, 4L)]
    public void Evaluating_the_drawn_cell_reproduces_the_library_cell(CellKind kind, long seed)
    {
        const int nx = 3, na = 4;
        var g = new Generator(seed);
        var x = Tensor.Randn([1, nx], g);
        var aPrev = Tensor.Randn([1, na], g, std: 0.8f);
        var cPrev = Tensor.Randn([1, na], g, std: 0.8f);
        Tensor aLib, cLib;
        Dictionary<string, Tensor> sd;
        if (kind == CellKind.Lstm)
        {
            var cell = new LSTMCell(nx, na, generator: g);
            (aLib, cLib) = cell.Forward(x, (aPrev, cPrev)).State;
            sd = cell.StateDict();
        }
        else
        {
            var cell = new GRUCell(nx, na, generator: g);
            aLib = cLib = cell.Forward(x, aPrev).H;
            sd = cell.StateDict();
        }
        var graph = new CellGraph(SvgModel.Parse(CellDiagram.For(kind)), kind, sd, x.ToArray(), aPrev.ToArray(), cPrev.ToArray());
        AssertClose(aLib.ToArray(), graph.Output("a<t>"));
        if (kind == CellKind.Lstm) AssertClose(cLib.ToArray(), graph.Output("c<t>"));
    }

    static void AssertClose(float[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Theory]
    [InlineData("3 May 1988", "1988-05-03", CellKind.Gru)]
    [InlineData("the cat", "le chat", CellKind.Lstm)]
    [InlineData("ab", "b", CellKind.Gru)]
    public void Encoder_decoder_reads_the_callers_tokens_through_one_summary(string source, string target, CellKind kind)
    {
        var src = source.Select(ch => ch.ToString()).ToArray();
        var tgt = target.Select(ch => ch.ToString()).ToArray();
        var m = SvgModel.Parse(Seq2SeqDiagram.EncoderDecoder(src, tgt, 48, kind));
        m.AssertEdgesJoinNodes();
        int shownSrc = Math.Min(src.Length, Seq2SeqDiagram.MaxColumns), shownOut = Math.Min(tgt.Length + 1, Seq2SeqDiagram.MaxColumns);
        Assert.Equal(shownSrc - (src.Length > Seq2SeqDiagram.MaxColumns ? 1 : 0), m.Nodes.Count(n => n.Is("encoder")));
        var inputs = m.Nodes.Where(n => n.Is("input") && n.Id.StartsWith('x')).ToList();
        Assert.Equal($"x<1> | {Show(src[0])}", inputs[0].Text);
        Assert.Equal($"x<{src.Length}> | {Show(src[^1])}", inputs[^1].Text);
        var outputs = m.Nodes.Where(n => n.Is("prediction")).ToList();
        Assert.Equal($"ŷ<1> | {Show(tgt[0])}", outputs[0].Text);
        Assert.Equal($"ŷ<{tgt.Length + 1}> | <eos>", outputs[^1].Text);
        Assert.Equal("<bos>", m.NodeById("in1").Text);
        // The only path from the encoder to the decoder runs through the summary.
        var summary = m.Nodes.Single(n => n.Is("bottleneck"));
        Assert.Equal(kind == CellKind.Lstm ? $"a<{src.Length}> | c<{src.Length}>" : $"a<{src.Length}>", summary.Text);
        Assert.Contains(kind == CellKind.Lstm ? "a<T_x>, c<T_x>: 2 × 48 numbers" : "a<T_x>: 48 numbers", m.Texts);
        Assert.Single(m.Edges, e => e.To == summary.Id);
        Assert.Single(m.Edges, e => e.From == summary.Id);
        Assert.DoesNotContain(m.Edges, e => e.From.StartsWith('a') && e.To.StartsWith('s') && char.IsDigit(e.To[1]));
        bool elided = tgt.Length + 1 > Seq2SeqDiagram.MaxColumns;
        int decoderColumns = Math.Min(tgt.Length + 1, Seq2SeqDiagram.MaxColumns) - (elided ? 1 : 0);
        Assert.Equal(decoderColumns, m.Nodes.Count(n => n.Is("decoder")));
        Assert.Equal(decoderColumns - 1 - (elided ? 1 : 0), m.EdgesOf("feedback").Count());   // no feedback into the column after "⋯"
    }

    static string Show(string token) => token == " " ? "␣" : token;

    [Fact]
    public void Encoder_decoder_from_a_config_shows_its_options()
    {
        var config = new Seq2SeqConfig(CellKind.Lstm, 20, 20, HiddenSize: 32, NumLayers: 2, ReverseSource: true, Attention: AttentionKind.General);
        var m = SvgModel.Parse(Seq2SeqDiagram.EncoderDecoder(config, ["a", "b", "c"], ["x", "y"]));
        Assert.Equal(["c", "b", "a"], m.Nodes.Where(n => n.Is("input") && n.Id.StartsWith('x')).Select(n => n.Texts[1]));
        Assert.Contains("encoder (reads the source backwards)", m.Texts);
        Assert.Contains("a<T_x>, c<T_x>: 2 × 32 numbers in each of 2 layers", m.Texts);
        Assert.Contains(m.Texts, t => t.Contains("also attends"));
        Assert.Throws<ArgumentException>(() => Seq2SeqDiagram.EncoderDecoder(Array.Empty<string>(), ["x"], 8));
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.7, 0.2 })]
    [InlineData(new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 0.05, 0.05, 0.1, 0.02, 0.03, 0.4, 0.2, 0.05, 0.04, 0.01, 0.01, 0.01, 0.01, 0.02 })]
    public void Attention_draws_every_weight_with_its_value_and_weight(double[] weights)
    {
        var tokens = weights.Select((_, i) => ((char)('a' + i)).ToString()).ToArray();
        var m = SvgModel.Parse(AttentionDiagram.WeightedSum(tokens, weights, step: 2, outputToken: "z"));
        m.AssertEdgesJoinNodes();
        var arrows = m.EdgesOf("weight").ToList();
        Assert.Equal(weights.Length, arrows.Count);
        for (int j = 0; j < weights.Length; j++)
        {
            Assert.Equal(($"a{j + 1}", "sum"), (arrows[j].From, arrows[j].To));
            Assert.Equal(weights[j].ToString("0.00", CultureInfo.InvariantCulture), arrows[j].Label);
            Assert.Equal(tokens[j], m.NodeById($"x{j + 1}").Text);
        }
        // Heavier weights draw heavier arrows.
        var byWeight = arrows.Zip(weights).OrderBy(p => p.Second).ToList();
        for (int i = 1; i < byWeight.Count; i++)
            if (byWeight[i].Second > byWeight[i - 1].Second) Assert.True(byWeight[i].First.StrokeWidth > byWeight[i - 1].First.StrokeWidth);
        Assert.Equal("ŷ<2> | z", m.NodeById("output").Text);
        Assert.Equal("c<2>", m.NodeById("context").Text);
    }

    [Fact]
    public void Attention_from_a_translation_matrix_row_and_clear_errors()
    {
        var att = new float[,] { { 0.9f, 0.1f, 0f }, { 0.2f, 0.3f, 0.5f } };
        var m = SvgModel.Parse(AttentionDiagram.WeightedSum(["x", "y", "z"], att, outputStep: 1, outputTokens: ["p", "<eos>"]));
        Assert.Equal(["0.20", "0.30", "0.50"], m.EdgesOf("weight").Select(e => e.Label));
        Assert.Equal("ŷ<2> | <eos>", m.NodeById("output").Text);

        var sum = Assert.Throws<ArgumentException>(() => AttentionDiagram.WeightedSum(["a", "b"], [0.5, 0.6]));
        Assert.Contains("sum to 1.1", sum.Message);
        var count = Assert.Throws<ArgumentException>(() => AttentionDiagram.WeightedSum(["a", "b"], [1.0]));
        Assert.Contains("1 weights for 2 source tokens", count.Message);
        var negative = Assert.Throws<ArgumentException>(() => AttentionDiagram.WeightedSum(["a", "b"], [1.5, -0.5]));
        Assert.Contains("token \"b\"", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionDiagram.WeightedSum(["x", "y", "z"], att, outputStep: 2));
    }

    [Theory]
    [InlineData(2, 5, 0.0, true)]
    [InlineData(3, 6, 0.6, true)]
    [InlineData(4, 5, 1.0, false)]
    [InlineData(1, 4, 0.0, true)]
    public void Beam_tree_has_a_node_per_traced_candidate_and_highlights_the_returned_best(int width, int maxLength, double alpha, bool showPruned)
    {
        var rng = new Generator(width * 100 + maxLength);
        for (int trial = 0; trial < 4; trial++)
        {
            var (chain, _) = DecodingTests.RandomChain(rng, 6, floor: 0.02);
            var trace = new BeamTrace();
            var result = Generate.BeamSearch(chain, new[] { 0 }, 0, 1, new BeamOptions(width, maxLength, alpha, Math.Min(2, width)), trace);
            string Tok(int id) => id == 1 ? "<eos>" : "t" + id;
            var m = SvgModel.Parse(BeamTreeDiagram.From(trace, Tok, showPruned));
            m.AssertEdgesJoinNodes();
            var candidates = trace.Steps.SelectMany(s => s.Candidates).ToList();
            int expected = candidates.Count(c => showPruned || c.Fate != BeamFate.Pruned);
            Assert.Equal(1 + expected, m.Nodes.Count);
            Assert.Equal(expected, m.EdgesOf("tree").Count());
            Assert.Equal(candidates.Count(c => c.Fate == BeamFate.Finished), m.Nodes.Count(n => n.Is("finished")));
            Assert.Equal(showPruned ? candidates.Count(c => c.Fate == BeamFate.Pruned) : 0, m.Nodes.Count(n => n.Is("pruned")));
            // Every node shows its token and total log P; each non-root node has exactly one parent.
            foreach (var (step, c) in trace.Steps.SelectMany(s => s.Candidates.Select(c => (s.Step, c))).Where(p => showPruned || p.c.Fate != BeamFate.Pruned))
            {
                var node = m.NodeById($"s{step + 1}-r{c.Rank + 1}");
                Assert.Equal(Tok(c.Token), node.Texts[0]);
                Assert.StartsWith(c.LogProb.ToString("0.00", CultureInfo.InvariantCulture).Replace("-", "−"), node.Texts[1]);
                Assert.Single(m.Edges, e => e.To == node.Id);
            }
            // The highlighted path spells the returned best hypothesis.
            var best = m.Nodes.Where(n => n.Is("best") && n.Id != "root").Select(n => n.Texts[0]).ToList();
            Assert.Equal(result[0].Tokens.Select(Tok), best);
            Assert.Equal(result[0].Tokens.Length, m.EdgesOf("best").Count());
        }
    }

    [Fact]
    public void Labels_keep_tokens_literal_and_markup_as_tspans()
    {
        var m = SvgModel.Parse(AttentionDiagram.WeightedSum(["a_b", "x^2", "{c}", "<&>"], [0.25, 0.25, 0.25, 0.25]));
        Assert.Equal(["a_b", "x^2", "{c}", "<&>"], m.Nodes.Where(n => n.Is("input")).Select(n => n.Text));
        var svg = RnnDiagram.Unrolled(2).Svg;
        Assert.Contains("a<tspan dy=\"-6.3\" font-size=\"10.8\">&lt;1&gt;</tspan>", svg);
        Assert.Contains("W<tspan dy=\"3.75\" font-size=\"9\">aa</tspan>", svg);
    }

    [Fact]
    public void Diagrams_display_as_html_svg_and_text_through_the_formatter_convention()
    {
        var d = CellDiagram.Gru();
        var bundle = FormatterConvention.FormatAll(d);
        Assert.Equal(["text/html", "image/svg+xml", "text/plain"], bundle.Select(b => b.Key));
        Assert.Contains(d.Svg, bundle[0].Value);
        Assert.StartsWith("<div class=\"wb-diagram\"", bundle[0].Value);
        Assert.Equal(d.Svg, bundle[1].Value);
        Assert.StartsWith("Diagram \"GRU cell", bundle[2].Value);
    }

    /// <summary>Numbers in the diagram's wiring, kept apart from the SVG parsing above.</summary>
    sealed class CellGraph
    {
        readonly SvgModel m;
        readonly CellKind kind;
        readonly double[] x, aPrev, cPrev, xi, hh;
        readonly int h;
        readonly Dictionary<string, double[]> memo = [];

        public CellGraph(SvgModel model, CellKind kind, Dictionary<string, Tensor> sd, float[] x, float[] aPrev, float[] cPrev)
        {
            (m, this.kind, h) = (model, kind, aPrev.Length);
            (this.x, this.aPrev, this.cPrev) = (D(x), D(aPrev), D(cPrev));
            xi = Affine(sd["weight_ih"], sd["bias_ih"], this.x);     // x W_ihᵀ + b_ih, all gate blocks
            hh = Affine(sd["weight_hh"], sd["bias_hh"], this.aPrev); // a W_hhᵀ + b_hh
        }

        static double[] D(float[] v) => v.Select(f => (double)f).ToArray();

        static double[] Affine(Tensor w, Tensor b, double[] v)
        {
            int rows = w.Shape[0], cols = w.Shape[1];
            var wv = w.ToArray(); var bv = b.ToArray();
            return Enumerable.Range(0, rows).Select(r => bv[r] + Enumerable.Range(0, cols).Sum(c => wv[r * cols + c] * v[c])).ToArray();
        }

        double[] Block(double[] v, int k) => v.Skip(k * h).Take(h).ToArray();

        static double[] Map(double[] v, Func<double, double> f) => v.Select(f).ToArray();

        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

        int BlockIndex(string caption) => (kind, caption) switch
        {
            (CellKind.Lstm, "i") => 0, (CellKind.Lstm, "f") => 1, (CellKind.Lstm, "g") => 2, (CellKind.Lstm, "o") => 3,
            (CellKind.Gru, "r") => 0, (CellKind.Gru, "z = 1 − Γu") => 1, (CellKind.Gru, "n") => 2,
            _ => throw new InvalidOperationException($"unknown block caption '{caption}' in a {kind} diagram"),
        };

        IEnumerable<double[]> Inputs(SvgModel.Node n) =>
            m.Edges.Where(e => e.To == n.Id && m.NodeById(e.From) is var src && !src.Is("junction")).Select(e => Value(e.From));

        public double[] Output(string label) => Value(m.Nodes.Single(n => n.Is("state") && n.Texts[0].StartsWith(label, StringComparison.Ordinal) && !m.Edges.Any(e => e.From == n.Id)).Id);

        double[] Value(string id)
        {
            if (memo.TryGetValue(id, out var v)) return v;
            var n = m.NodeById(id);
            var ins = Inputs(n).ToList();
            v = n switch
            {
                _ when n.Is("input") => x,
                _ when n.Is("state") && ins.Count == 0 => n.Texts[0] == "a<t-1>" ? aPrev : n.Texts[0] == "c<t-1>" ? cPrev : throw new InvalidOperationException(n.Text),
                _ when n.Is("state") => Assert.Single(ins),
                _ when n.Is("gate") => Gate(n.Texts[1], ins),
                _ when n.Is("candidate") => Candidate(n.Texts[1], ins),
                _ when n.Is("activation") => Map(Assert.Single(ins), Math.Tanh),
                _ when n.Is("op") && n.Texts[0] == "⊙" => ins.Aggregate((p, q) => p.Zip(q, (a, b) => a * b).ToArray()),
                _ when n.Is("op") && n.Texts[0] == "⊕" => ins.Aggregate((p, q) => p.Zip(q, (a, b) => a + b).ToArray()),
                _ when n.Is("op") && n.Texts[0] == "1−" => Map(Assert.Single(ins), a => 1 - a),
                _ => throw new InvalidOperationException($"node {n.Id} ({string.Join(' ', n.Classes)}) has no meaning here"),
            };
            Assert.Equal(h, v.Length);
            return memo[id] = v;
        }

        double[] Gate(string caption, List<double[]> ins)
        {
            Assert.Empty(ins);   // gates read only [a<t-1>, x<t>] from the bus
            int k = BlockIndex(caption);
            var s = Map(Block(xi, k).Zip(Block(hh, k), (a, b) => a + b).ToArray(), Sigmoid);
            return caption.StartsWith("z", StringComparison.Ordinal) ? Map(s, z => 1 - z) : s;   // the box outputs Γu = 1 − z
        }

        double[] Candidate(string caption, List<double[]> ins)
        {
            int k = BlockIndex(caption);
            var (xb, hb) = (Block(xi, k), Block(hh, k));
            if (ins.Count == 0) return Map(xb.Zip(hb, (a, b) => a + b).ToArray(), Math.Tanh);
            var reset = Assert.Single(ins);   // GRU: Γr scales the recurrent part after its product
            return Enumerable.Range(0, h).Select(i => Math.Tanh(xb[i] + reset[i] * hb[i])).ToArray();
        }
    }
}
