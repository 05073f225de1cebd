using Workbench.Recurrent;

namespace Workbench.Diagrams;

/// <summary>
/// A recurrent layer of any depth and direction unrolled over T_x steps, as the notes draw the bidirectional and the
/// deep RNN: inputs x&lt;t&gt; at the bottom, one row of states per layer and direction, predictions ŷ&lt;t&gt; on top.
/// Forward states →a&lt;t&gt; pass left to right and backward states ←a&lt;t&gt; right to left, each row from a zero state;
/// with two directions both states of a step are stacked [→a ; ←a] (forward half first, like the layer's output), and
/// that vector feeds the layer above or the prediction. Layer l &gt; 1 reads layer l-1's output at the same step.
/// The notes name every weight as PyTorch does and, given the sizes, its shape, so the drawing is also a parameter count.
/// </summary>
public static class StackedRnnDiagram
{
    /// <summary>Steps drawn in full; longer sequences show the first steps, "⋯", and the last two.</summary>
    public const int MaxColumns = 5;

    const double X0 = 130, StateW = 72, StateH = 40, RowGap = 74, JoinGap = 54;
    // Two directions: the backward row sits right of the forward one, so each vertical arrow passes beside a box.
    const double Stagger = 22;

    /// <summary>The unrolled stack: <paramref name="layers"/> layers of <paramref name="cell"/> cells, one or two directions.</summary>
    /// <param name="inputSize">n_x; with <paramref name="hiddenSize"/> the notes give every weight's shape.</param>
    /// <param name="hiddenSize">n_a, units per layer and direction.</param>
    public static Diagram Draw(int steps, int layers = 1, bool bidirectional = false, CellKind cell = CellKind.RnnTanh,
                               int? inputSize = null, int? hiddenSize = null)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "StackedRnnDiagram: the number of time steps must be at least 1.");
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "StackedRnnDiagram: the number of layers must be at least 1.");
        if ((inputSize is null) != (hiddenSize is null) || inputSize < 1 || hiddenSize < 1)
            throw new ArgumentException($"StackedRnnDiagram: give both sizes (n_x, n_a) as positive numbers or neither; got {inputSize}, {hiddenSize}.");

        var columns = Layout.Shown(steps, MaxColumns);
        double dx = bidirectional ? 156 : 118;
        double X(int col) => X0 + col * dx;   // column 0 holds the forward rows' zero states, column T+1 the backward ones'
        var c = new SvgCanvas();
        var fwdInk = new Ink(Palette.StateLine, Width: 1.5);
        var bwdInk = new Ink(Palette.Highlight, Width: 1.5);
        var ink = new Ink(Palette.Line, Width: 1.5);

        // Rows from the bottom up: inputs, then per layer its forward row, its backward row and the [→a ; ←a] joins.
        double perLayer = RowGap + (bidirectional ? RowGap + JoinGap : 0);
        double yInput = 100 + layers * perLayer + RowGap;
        var feeds = new DrawnNode?[columns.Count];   // per column, what the next layer up reads: x, a, or [→a ; ←a]
        for (int i = 0; i < columns.Count; i++)
            if (columns[i] is { } t)
                feeds[i] = c.Node($"x{t}", "input", NodeShape.Box, X(i + 1), yInput, 64, 36, new Ink(Palette.InputLine, Palette.InputFill, 1.5), [$"x^{{<{t}>}}"]);
            else c.Text(X(i + 1), yInput, "⋯", anchor: "middle", color: Palette.Muted);

        double y = yInput;
        for (int l = 1; l <= layers; l++)
        {
            string mark = layers > 1 ? $"[{l}]" : "";
            var fwd = Row(c, columns, X, l, forward: true, bidirectional, y -= RowGap, mark, fwdInk);
            var bwd = bidirectional ? Row(c, columns, X, l, forward: false, bidirectional, y -= RowGap, mark, bwdInk) : null;
            if (layers > 1) c.Text(16, bwd is null ? y : y + RowGap / 2, $"layer {l}", SvgCanvas.SmallFont, color: Palette.Muted, kind: "note");
            if (bidirectional) y -= JoinGap;
            for (int i = 0; i < columns.Count; i++)
            {
                if (feeds[i] is not { } from) continue;   // an elided column: its paths run through the ⋯ boxes
                var f = fwd[i];
                if (bwd is null)
                {
                    c.Edge("input", from.Id, f.Id, [(f.X, from.Top), (f.X, f.Bottom)], ink);
                    feeds[i] = f;
                    continue;
                }
                var b = bwd[i];
                c.Edge("input", from.Id, f.Id, [(f.X, from.Top), (f.X, f.Bottom)], ink);
                c.Edge("input", from.Id, b.Id, [(f.Right + 10, from.Top), (f.Right + 10, b.Bottom)], ink);
                string stacked = $"[→a^{{{mark}<{columns[i]}>}} ; ←a^{{{mark}<{columns[i]}>}}]";
                var join = c.Node($"cat{l}-{columns[i]}", "concat", NodeShape.Pill, X(i + 1), y, Math.Max(104, Label.Width(stacked, SvgCanvas.SmallFont) + 18), 28,
                                  new Ink(Palette.Muted, "#ffffff", 1.2), [stacked], SvgCanvas.SmallFont);
                c.Edge("stack", f.Id, join.Id, [(b.Left - 10, f.Top), (b.Left - 10, join.Bottom)], fwdInk);
                c.Edge("stack", b.Id, join.Id, [(b.X + 8, b.Top), (b.X + 8, join.Bottom)], bwdInk);
                feeds[i] = join;
            }
        }

        double yOut = y - RowGap + 6;
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i] is not { } t) { c.Text(X(i + 1), yOut, "⋯", anchor: "middle", color: Palette.Muted); continue; }
            var pred = c.Node($"yhat{t}", "prediction", NodeShape.Box, X(i + 1), yOut, 64, 36, new Ink(Palette.OutputLine, Palette.OutputFill, 1.5), [$"ŷ^{{<{t}>}}"]);
            var from = feeds[i]!;
            c.Edge("output", from.Id, pred.Id, [(pred.X, from.Top), (pred.X, pred.Bottom)], ink, "W_{y}", pred.X - 6, (from.Top + pred.Bottom) / 2, "end");
        }

        // The recurrences in the notes' notation, then each weight by its PyTorch name.
        double ly = yInput + 48;
        bool deep = layers > 1;
        string L = deep ? "[l]" : "", input = !deep ? "x^{<t>}" : bidirectional ? "the output of layer l-1" : "a^{[l-1]<t>}";
        string Update(string arrow, string prev) => cell is CellKind.Lstm or CellKind.Gru
            ? $"{cell.ModuleName()} step from {arrow}a^{{{L}<{prev}>}} and {input}"
            : $"{(cell == CellKind.RnnRelu ? "relu" : "tanh")}(W_{{aa}} {arrow}a^{{{L}<{prev}>}} + W_{{ax}} {input} + b_a)";
        var lines = new List<(Ink Ink, string Text)>();
        if (bidirectional)
        {
            lines.Add((fwdInk, $"forward:  →a^{{{L}<t>}} = {Update("→", "t-1")}, from →a^{{{L}<0>}} = 0"));
            lines.Add((bwdInk, $"backward:  ←a^{{{L}<t>}} = {Update("←", "t+1")}, from ←a^{{{L}<T_x+1>}} = 0"));
        }
        else lines.Add((fwdInk, $"a^{{{L}<t>}} = {Update("", "t-1")}, from a^{{{L}<0>}} = 0"));
        foreach (var (lineInk, text) in lines) { Layout.LegendLine(c, 20, ly, lineInk, text); ly += 24; }
        string top = deep ? $"[{layers}]" : "";
        var notes = new List<string>
        {
            (!deep ? "" : bidirectional ? "input of layer 1: x^{<t>}; of layer l > 1: [→a^{[l-1]<t>} ; ←a^{[l-1]<t>}], both directions of the layer below"
                                        : "a^{[0]<t>} = x^{<t>}: each layer reads the states of the layer below at the same step")
                + (cell.HasCellState() ? (deep ? "; " : "") + "each LSTM row also carries its memory c^{<t>}" : ""),
            bidirectional
                ? $"ŷ^{{<t>}} = softmax(W_y [→a^{{{top}<t>}} ; ←a^{{{top}<t>}}] + b_y) depends on the whole sequence x^{{<1>}} … x^{{<T_x>}}"
                : $"ŷ^{{<t>}} = softmax(W_y a^{{{top}<t>}} + b_y) depends on x^{{<1>}} … x^{{<t>}} only",
        };
        notes.RemoveAll(n => n.Length == 0);
        notes.AddRange(WeightNotes(cell, layers, bidirectional, inputSize, hiddenSize));
        foreach (var n in notes) { c.Text(20, ly, n, SvgCanvas.SmallFont, color: Palette.Muted, kind: "note"); ly += 20; }

        double width = Math.Max(X(columns.Count + 1) + (bidirectional ? Stagger : 0) + 40,
                                Math.Max(Layout.LegendWidth(20, lines.Select(l => l.Text)), notes.Max(n => 20 + Label.Width(n, SvgCanvas.SmallFont))) + 20);
        string what = (layers > 1 ? $"{layers}-layer " : "") + (bidirectional ? "bidirectional " : "") + cell.ModuleName();
        return c.Finish($"{char.ToUpperInvariant(what[0])}{what[1..]} unrolled over T_x = {steps} steps", width, ly + 4,
                        $"A {what} unrolled over {steps} time steps: one row of states per layer and direction.");
    }

    /// <summary>The diagram of <paramref name="layer"/>: its cell kind, depth, directions and sizes.</summary>
    public static Diagram From(RecurrentLayer layer, int steps)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Draw(steps, layer.NumLayers, layer.Bidirectional, layer.Kind, layer.InputSize, layer.HiddenSize);
    }

    /// <summary>One direction of one layer: a zero state at the end it starts from, a state per shown step, and the
    /// arrows between them (left to right forward, right to left backward); elided steps are one "⋯" box.</summary>
    static DrawnNode[] Row(SvgCanvas c, IReadOnlyList<int?> columns, Func<int, double> X, int l, bool forward, bool bidirectional,
                           double y, string mark, Ink ink)
    {
        string dir = forward ? "f" : "b", arrow = bidirectional ? (forward ? "→" : "←") : "";
        double shift = bidirectional ? (forward ? -Stagger : Stagger) : 0;
        var box = new Ink(ink.Stroke, forward ? Palette.StateFill : "#ede9fe", 1.8);
        var nodes = new DrawnNode[columns.Count];
        for (int i = 0; i < columns.Count; i++)
            nodes[i] = columns[i] is { } t
                ? c.Node($"a{dir}{l}-{t}", forward ? "state forward" : "state backward", NodeShape.Box, X(i + 1) + shift, y, StateW, StateH, box,
                         [$"{arrow}a^{{{mark}<{t}>}}"])
                : c.Node($"a{dir}{l}-more", "state elided", NodeShape.Box, X(i + 1) + shift, y, 50, StateH, new Ink(Palette.Muted, "#ffffff", 1.2, "3 3"), ["⋯"]);
        double zeroX = (forward ? X(0) : X(columns.Count + 1)) + shift;
        var zero = c.Node($"a{dir}{l}-0", "state initial", NodeShape.Box, zeroX, y, 34, StateH - 8, new Ink(ink.Stroke, "#ffffff", 1.2, "4 3"), ["0"]);
        var chain = forward ? nodes.Prepend(zero).ToArray() : nodes.Append(zero).Reverse().ToArray();
        for (int k = 1; k < chain.Length; k++)
        {
            var (from, to) = (chain[k - 1], chain[k]);
            (double, double)[] points = forward ? [(from.Right, y), (to.Left, y)] : [(from.Left, y), (to.Right, y)];
            c.Edge(forward ? "recurrent forward" : "recurrent backward", from.Id, to.Id, points, ink);
        }
        return nodes;
    }

    /// <summary>Each weight by its PyTorch state-dict name (weight_ih_l0, weight_hh_l1_reverse), with its shape when
    /// the sizes are known: G·n_a rows (G gate blocks: 1 RNN, 3 GRU, 4 LSTM), n_x columns in layer 1, D·n_a above it.</summary>
    static IEnumerable<string> WeightNotes(CellKind cell, int layers, bool bidirectional, int? inputSize, int? hiddenSize)
    {
        int gates = cell.GateCount(), dirs = bidirectional ? 2 : 1;
        for (int l = 0; l < layers; l++)
            foreach (var suffix in bidirectional ? new[] { "", "_reverse" } : [""])
            {
                string Name(string w) => Label.Escape($"{w}_l{l}{suffix}");
                string row = (layers > 1 ? $"layer {l + 1}" : "weights") + (bidirectional ? (suffix == "" ? ", forward" : ", backward") : "") + ": ";
                yield return row + (hiddenSize is int na && inputSize is int nx
                    ? $"{Name("weight_ih")} [{gates * na} × {(l == 0 ? nx : dirs * na)}], {Name("weight_hh")} [{gates * na} × {na}], {Name("bias_ih")} and {Name("bias_hh")} [{gates * na}]"
                    : $"{Name("weight_ih")}, {Name("weight_hh")}, {Name("bias_ih")}, {Name("bias_hh")}");
            }
    }
}
