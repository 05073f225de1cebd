using Workbench.Recurrent;

namespace Workbench.Diagrams;

/// <summary>
/// The inside of one gated recurrent step, drawn from the equations the library's cells compute
/// (<see cref="GRUCell"/>, <see cref="LSTMCell"/>), in the notes' names: gates Γr, Γu, Γf, Γo (σ boxes), the
/// candidate c̃&lt;t&gt; (tanh box), the memory c&lt;t&gt;, elementwise products ⊙ and sums ⊕. Each box also names
/// its block in PyTorch's stacked weights (r, z, n for the GRU; i, f, g, o for the LSTM), and the equations are
/// printed under the drawing. The GRU is drawn as the library computes it: Γr scales W_hn a&lt;t-1&gt; + b_hn after
/// the matrix product, and PyTorch stores z = 1 − Γu.
/// </summary>
public static class CellDiagram
{
    const double TopY = 70, OpY = 165, GateY = 262, BusY = 345, InputY = 428, EquationY = 486;

    /// <summary>The diagram of <paramref name="kind"/> (<see cref="CellKind.Gru"/> or <see cref="CellKind.Lstm"/>).</summary>
    public static Diagram For(CellKind kind) => kind switch
    {
        CellKind.Gru => Gru(),
        CellKind.Lstm => Lstm(),
        _ => throw new ArgumentException($"CellDiagram: draws the gated cells (GRU, LSTM); {kind} has no gates (see RnnDiagram.Unrolled).", nameof(kind)),
    };

    public static Diagram Lstm()
    {
        var c = new SvgCanvas();
        var ink = Wire;
        var cPrev = c.FitNode("c_prev", "state memory", NodeShape.Box, 52, TopY, StateInk, ["c^{<t-1>}"], minW: 64, minH: 40);
        var aPrev = c.FitNode("a_prev", "state", NodeShape.Box, 52, BusY, StateInk, ["a^{<t-1>}"], minW: 64, minH: 40);
        var x = c.FitNode("x", "input", NodeShape.Box, 150, InputY, InputInk, ["x^{<t>}"], minW: 56, minH: 36);
        var concat = Junction(c, 150);
        var forget = Op(c, "mul_f", 200, TopY, "⊙");
        var plus = Op(c, "add_c", 350, TopY, "⊕");
        var mulU = Op(c, "mul_u", 350, OpY, "⊙");
        var gf = Gate(c, "gate_f", 200, "σ", "f");
        var gu = Gate(c, "gate_u", 290, "σ", "i");
        var cand = Gate(c, "candidate", 410, "tanh", "g", candidate: true);
        var go = Gate(c, "gate_o", 520, "σ", "o");
        var squash = c.FitNode("tanh_c", "activation", NodeShape.Pill, 610, 150, TanhInk, ["tanh"], minH: 30);
        var mulO = Op(c, "mul_o", 610, GateY, "⊙");
        var cNew = c.FitNode("c", "state memory", NodeShape.Box, 718, TopY, StateInk, ["c^{<t>}"], minW: 64, minH: 40);
        var aNew = c.FitNode("a", "state", NodeShape.Box, 718, GateY, StateInk, ["a^{<t>}"], minW: 64, minH: 40);

        // The memory line: c<t> = Γf ⊙ c<t-1> + Γu ⊙ c̃<t>.
        c.Edge("forward", cPrev.Id, forget.Id, [(cPrev.Right, TopY), (forget.Left, TopY)], ink);
        c.Edge("forward", forget.Id, plus.Id, [(forget.Right, TopY), (plus.Left, TopY)], ink);
        c.Edge("forward", plus.Id, cNew.Id, [(plus.Right, TopY), (cNew.Left, TopY)], ink);
        c.Edge("forward", gf.Id, forget.Id, [(gf.X, gf.Top), (forget.X, forget.Bottom)], ink, "Γ_f", gf.X + 8, (gf.Top + TopY) / 2, "start");
        c.Edge("forward", gu.Id, mulU.Id, [(gu.X, gu.Top), (gu.X, OpY), (mulU.Left, OpY)], ink, "Γ_u", gu.X - 8, (gu.Top + OpY) / 2 + 6, "end");
        c.Edge("forward", cand.Id, mulU.Id, [(cand.X, cand.Top), (cand.X, OpY), (mulU.Right, OpY)], ink, "c̃^{<t>}", cand.X + 8, (cand.Top + OpY) / 2 + 6, "start");
        c.Edge("forward", mulU.Id, plus.Id, [(plus.X, mulU.Top), (plus.X, plus.Bottom)], ink);
        // The output: a<t> = Γo ⊙ tanh(c<t>).
        c.Edge("forward", plus.Id, squash.Id, [(squash.X, TopY), (squash.X, squash.Top)], ink);
        c.Edge("forward", squash.Id, mulO.Id, [(squash.X, squash.Bottom), (mulO.X, mulO.Top)], ink);
        c.Edge("forward", go.Id, mulO.Id, [(go.Right, GateY), (mulO.Left, GateY)], ink, "Γ_o", (go.Right + mulO.Left) / 2, GateY - 14);
        c.Edge("forward", mulO.Id, aNew.Id, [(mulO.Right, GateY), (aNew.Left, GateY)], ink);
        // Every gate and the candidate read [a<t-1>, x<t>].
        Bus(c, aPrev, [(aPrev.Right, BusY), (concat.Left, BusY)], x, concat, [gf, gu, cand, go]);

        string[] equations =
        [
            "Γ_u = σ(W_u [a^{<t-1>}, x^{<t>}] + b_u)",
            "Γ_f = σ(W_f [a^{<t-1>}, x^{<t>}] + b_f)",
            "c̃^{<t>} = tanh(W_c [a^{<t-1>}, x^{<t>}] + b_c)",
            "Γ_o = σ(W_o [a^{<t-1>}, x^{<t>}] + b_o)",
            "c^{<t>} = Γ_u ⊙ c̃^{<t>} + Γ_f ⊙ c^{<t-1>}",
            "a^{<t>} = Γ_o ⊙ tanh(c^{<t>})",
        ];
        string[] blocks = ["block i", "block f", "block g", "block o", "", ""];
        return Finish(c, "LSTM cell: three gates, a candidate and a memory line", equations, blocks,
            "weight\\_ih = [W_{ii}; W_{if}; W_{ig}; W_{io}] stacks the blocks in PyTorch's order i, f, g, o (same for weight\\_hh and the biases)",
            "One LSTM step: gates Γu, Γf, Γo and candidate c̃<t> from [a<t-1>, x<t>]; c<t> = Γu ⊙ c̃<t> + Γf ⊙ c<t-1>; a<t> = Γo ⊙ tanh(c<t>).");
    }

    public static Diagram Gru()
    {
        var c = new SvgCanvas();
        var ink = Wire;
        var aPrev = c.FitNode("a_prev", "state", NodeShape.Box, 52, TopY, StateInk, ["a^{<t-1>}"], minW: 64, minH: 40);
        var x = c.FitNode("x", "input", NodeShape.Box, 160, InputY, InputInk, ["x^{<t>}"], minW: 56, minH: 36);
        var concat = Junction(c, 160);
        var keep = Op(c, "mul_keep", 230, TopY, "⊙");
        var oneMinus = Op(c, "one_minus", 230, 140, "1−");
        var plus = Op(c, "add", 350, TopY, "⊕");
        var mulU = Op(c, "mul_u", 350, OpY, "⊙");
        var gu = Gate(c, "gate_u", 230, "σ", "z = 1 − Γ_u");
        var cand = Gate(c, "candidate", 350, "tanh", "n", candidate: true);
        var gr = Gate(c, "gate_r", 480, "σ", "r");
        var aNew = c.FitNode("a", "state", NodeShape.Box, 640, TopY, StateInk, ["a^{<t>} = c^{<t>}"], minW: 64, minH: 40);

        // The state line: a<t> = (1 − Γu) ⊙ a<t-1> + Γu ⊙ c̃<t>.
        c.Edge("forward", aPrev.Id, keep.Id, [(aPrev.Right, TopY), (keep.Left, TopY)], ink);
        c.Edge("forward", keep.Id, plus.Id, [(keep.Right, TopY), (plus.Left, TopY)], ink);
        c.Edge("forward", plus.Id, aNew.Id, [(plus.Right, TopY), (aNew.Left, TopY)], ink);
        c.Edge("forward", gu.Id, mulU.Id, [(gu.X, gu.Top), (gu.X, OpY), (mulU.Left, OpY)], ink, "Γ_u", gu.X - 8, (gu.Top + OpY) / 2 + 6, "end");
        c.Edge("forward", gu.Id, oneMinus.Id, [(gu.X, OpY), (oneMinus.X, oneMinus.Bottom)], ink);
        c.Edge("forward", oneMinus.Id, keep.Id, [(oneMinus.X, oneMinus.Top), (keep.X, keep.Bottom)], ink, "1 − Γ_u", oneMinus.X - 8, (oneMinus.Top + keep.Bottom) / 2 + 2, "end");
        c.Edge("forward", cand.Id, mulU.Id, [(cand.X, cand.Top), (mulU.X, mulU.Bottom)], ink, "c̃^{<t>}", cand.X + 8, (cand.Top + mulU.Bottom) / 2, "start");
        c.Edge("forward", mulU.Id, plus.Id, [(mulU.X, mulU.Top), (plus.X, plus.Bottom)], ink);
        // PyTorch's GRU: the reset gate scales the recurrent part of the candidate after its matrix product.
        c.Edge("forward", gr.Id, cand.Id, [(gr.Left, GateY), (cand.Right, GateY)], ink, "Γ_r", (gr.Left + cand.Right) / 2, GateY - 14);
        // a<t-1> also drops from the state line to the bus that feeds the gates and the candidate.
        Bus(c, aPrev, [(110, TopY), (110, BusY), (concat.Left, BusY)], x, concat, [gu, cand, gr]);

        string[] equations =
        [
            "Γ_r = σ(W_r [a^{<t-1>}, x^{<t>}] + b_r)",
            "Γ_u = σ(W_u [a^{<t-1>}, x^{<t>}] + b_u) = 1 − z",
            "c̃^{<t>} = tanh(W_{in} x^{<t>} + b_{in} + Γ_r ⊙ (W_{hn} a^{<t-1>} + b_{hn}))",
            "a^{<t>} = c^{<t>} = Γ_u ⊙ c̃^{<t>} + (1 − Γ_u) ⊙ a^{<t-1>}",
        ];
        string[] blocks = ["block r", "block z (PyTorch keeps z)", "block n", ""];
        return Finish(c, "GRU cell: update gate Γu, reset gate Γr, candidate c̃<t>", equations, blocks,
            "weight\\_ih = [W_{ir}; W_{iz}; W_{in}] stacks the blocks in PyTorch's order r, z, n; the notes apply Γ_r before W_c, PyTorch after W_{hn}",
            "One GRU step as the library computes it: Γr and Γu from [a<t-1>, x<t>]; c̃<t> = tanh(W_in x<t> + b_in + Γr ⊙ (W_hn a<t-1> + b_hn)); a<t> = Γu ⊙ c̃<t> + (1 − Γu) ⊙ a<t-1>.");
    }

    static Ink Wire => new(Palette.Line, Width: 1.6);
    static Ink StateInk => new(Palette.StateLine, Palette.StateFill, 1.8);
    static Ink InputInk => new(Palette.InputLine, Palette.InputFill, 1.5);
    static Ink TanhInk => new(Palette.TanhLine, Palette.TanhFill, 1.5);

    static DrawnNode Op(SvgCanvas c, string id, double x, double y, string symbol) =>
        c.Node(id, "op", NodeShape.Circle, x, y, 26, 26, new Ink(Palette.Line, "#ffffff", 1.5), [symbol], symbol.Length > 1 ? SvgCanvas.SmallFont : 17);

    static DrawnNode Junction(SvgCanvas c, double x) =>
        c.Node("concat", "junction", NodeShape.Circle, x, BusY, 8, 8, new Ink(Palette.Line, Palette.Line, 1), []);

    /// <summary>A σ gate or the tanh candidate on the gate row; the caption names its PyTorch block.</summary>
    static DrawnNode Gate(SvgCanvas c, string id, double x, string activation, string block, bool candidate = false) =>
        c.FitNode(id, candidate ? "candidate" : "gate", NodeShape.Box, x, GateY,
                  candidate ? TanhInk : new Ink(Palette.GateLine, Palette.GateFill, 1.6), [activation], minW: 60, minH: 46, caption: block);

    /// <summary>a&lt;t-1&gt; (along <paramref name="aPath"/>) and x&lt;t&gt; meet at the junction; the bus then feeds each
    /// target from below.</summary>
    static void Bus(SvgCanvas c, DrawnNode aPrev, IReadOnlyList<(double X, double Y)> aPath, DrawnNode x, DrawnNode concat, IEnumerable<DrawnNode> targets)
    {
        c.Edge("forward", aPrev.Id, concat.Id, aPath, Wire, head: false);
        c.Edge("forward", x.Id, concat.Id, [(x.X, x.Top), (concat.X, concat.Bottom)], Wire, head: false);
        foreach (var g in targets)
            c.Edge("forward", concat.Id, g.Id, [(concat.Right, BusY), (g.X, BusY), (g.X, g.Bottom)], Wire);
        c.Text(concat.X + 8, BusY + 16, "[a^{<t-1>}, x^{<t>}]", SvgCanvas.SmallFont, color: Palette.Muted, kind: "note");
    }

    /// <summary>The equations (with their PyTorch blocks) under the drawing, then the title and size.</summary>
    static Diagram Finish(SvgCanvas c, string title, string[] equations, string[] blocks, string note, string description)
    {
        c.Text(20, EquationY - 26, "The step, as the library computes it:", SvgCanvas.SmallFont, color: Palette.Muted, kind: "note");
        double eqWidth = equations.Max(e => Label.Width(e, 14));
        double y = EquationY;
        for (int i = 0; i < equations.Length; i++)
        {
            c.Text(30, y, equations[i], 14, kind: "equation");
            if (blocks[i].Length > 0) c.Text(30 + eqWidth + 24, y, blocks[i], SvgCanvas.SmallFont, color: Palette.Muted, kind: "note");
            y += 24;
        }
        c.Text(20, y + 4, note, SvgCanvas.SmallFont, color: Palette.Muted, kind: "note");
        double width = Math.Max(780, Math.Max(30 + eqWidth + 24 + blocks.Max(b => Label.Width(b, SvgCanvas.SmallFont)), 20 + Label.Width(note, SvgCanvas.SmallFont)) + 20);
        return c.Finish(title, width, y + 24, description);
    }
}
