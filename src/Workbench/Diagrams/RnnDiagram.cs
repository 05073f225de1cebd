using Workbench.Recurrent;

namespace Workbench.Diagrams;

/// <summary>
/// The vanilla RNN unrolled over T_x steps, in the notes' notation: inputs x&lt;t&gt;, states a&lt;t&gt; (a&lt;0&gt; = 0),
/// predictions ŷ&lt;t&gt;, per-step losses L&lt;t&gt; and their sum L, the shared W_ax, W_aa, W_ya on the arrows, and
/// backpropagation through time as a highlighted backward path (red, dashed): from the loss down to every ŷ&lt;t&gt;
/// and a&lt;t&gt;, and from each a&lt;t&gt; back to a&lt;t-1&gt; through W_aa.
/// </summary>
public static class RnnDiagram
{
    /// <summary>Steps drawn in full; longer sequences show the first steps, "⋯", and the last two.</summary>
    public const int MaxColumns = 6;

    const double Dx = 118, X0 = 62;
    const double YTotal = 66, YLoss = 132, YPred = 204, YCell = 292, YInput = 386, YLegend = 440;

    /// <summary>The unrolled RNN of <paramref name="steps"/> time steps.</summary>
    /// <param name="backward">Draw the BPTT gradient path.</param>
    /// <param name="lossStep">Trace the gradient of one step's loss L&lt;k&gt; only (1-based); null: of the total L.</param>
    /// <param name="inputSize">n_x, shown with the weight shapes when the three sizes are given.</param>
    /// <param name="hiddenSize">n_a.</param>
    /// <param name="outputSize">n_y.</param>
    /// <param name="activation">"tanh" (torch.nn.RNN's default) or "relu".</param>
    public static Diagram Unrolled(int steps, bool backward = true, int? lossStep = null,
                                   int? inputSize = null, int? hiddenSize = null, int? outputSize = null, string activation = "tanh")
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "RnnDiagram: the number of time steps must be at least 1.");
        if (lossStep is { } k && (k < 1 || k > steps))
            throw new ArgumentOutOfRangeException(nameof(lossStep), k, $"RnnDiagram: lossStep must be a time step in 1..{steps}.");
        if (activation is not ("tanh" or "relu"))
            throw new ArgumentException($"RnnDiagram: activation must be \"tanh\" or \"relu\", got \"{activation}\".", nameof(activation));
        var sizes = new[] { inputSize, hiddenSize, outputSize };
        if (sizes.Any(s => s is not null) && sizes.Any(s => s is null or < 1))
            throw new ArgumentException($"RnnDiagram: give all three sizes (n_x, n_a, n_y) as positive numbers or none; got {inputSize}, {hiddenSize}, {outputSize}.");

        var columns = Layout.Shown(steps, MaxColumns);
        var c = new SvgCanvas();
        var fwd = new Ink(Palette.Line, Width: 1.6);
        var back = new Ink(Palette.Backward, Width: 2.2, Dash: "6 4");
        double X(int col) => X0 + col * Dx;   // column 0 holds a<0>
        bool OnPath(int t) => backward && (lossStep is null || t <= lossStep);

        var total = c.Node("L", "loss total", NodeShape.Pill, (X(1) + X(columns.Count)) / 2, YTotal,
                           X(columns.Count) - X(1) + 70, 32, new Ink(Palette.OutputLine, "#ffedd5", 1.6),
                           [steps == 1 ? "L = L^{<1>}" : $"L = L^{{<1>}} + … + L^{{<{steps}>}}"]);
        var a0 = c.Node("a0", "state initial", NodeShape.Box, X(0), YCell, 64, 44, new Ink(Palette.StateLine, "#ffffff", 1.4, "4 3"), ["a^{<0>}"]);
        c.Text(X(0), YCell + 38, "= 0", SvgCanvas.SmallFont, "middle", Palette.Muted);
        DrawnNode prev = a0;
        for (int i = 0; i < columns.Count; i++)
        {
            double x = X(i + 1);
            if (columns[i] is not { } t)
            {   // the steps left out: one "⋯" column carrying the horizontal paths through
                var gap = c.Node("a-more", "state elided", NodeShape.Box, x, YCell, 54, 44, new Ink(Palette.Muted, "#ffffff", 1.2, "3 3"), ["⋯"]);
                foreach (var row in new[] { YInput, YPred, YLoss }) c.Text(x, row, "⋯", anchor: "middle", color: Palette.Muted);
                int lastBefore = columns[i - 1] ?? 0;   // the gradient enters the gap only if it reaches past the step before it
                HorizontalEdges(c, prev, gap, fwd, back, backward && (lossStep is null || lossStep > lastBefore + 1));
                prev = gap;
                continue;
            }
            var cell = c.Node($"a{t}", "state", NodeShape.Box, x, YCell, 78, 48, new Ink(Palette.StateLine, Palette.StateFill, 1.8), [$"a^{{<{t}>}}"]);
            var input = c.Node($"x{t}", "input", NodeShape.Box, x, YInput, 60, 36, new Ink(Palette.InputLine, Palette.InputFill, 1.5), [$"x^{{<{t}>}}"]);
            var pred = c.Node($"yhat{t}", "prediction", NodeShape.Box, x, YPred, 60, 36, new Ink(Palette.OutputLine, Palette.OutputFill, 1.5), [$"ŷ^{{<{t}>}}"]);
            var loss = c.Node($"L{t}", "loss", NodeShape.Pill, x, YLoss, 56, 30, new Ink(Palette.OutputLine, "#ffedd5", 1.5), [$"L^{{<{t}>}}"]);

            // Forward arrows on the column's axis, weight labels to their left; backward arrows 12 px to the right.
            c.Edge("forward", input.Id, cell.Id, [(x, input.Top), (x, cell.Bottom)], fwd, "W_{ax}", x - 7, (input.Top + cell.Bottom) / 2, "end");
            c.Edge("forward", cell.Id, pred.Id, [(x - 8, cell.Top), (x - 8, pred.Bottom)], fwd, "W_{ya}", x - 15, (cell.Top + pred.Bottom) / 2, "end");
            c.Edge("forward", pred.Id, loss.Id, [(x - 8, pred.Top), (x - 8, loss.Bottom)], fwd);
            var target = c.Node($"y{t}", "target", NodeShape.Box, x + 60, YLoss, 30, 24, new Ink("none"), [$"y^{{<{t}>}}"], SvgCanvas.SmallFont, Palette.Muted);
            c.Edge("target", target.Id, loss.Id, [(target.Left, YLoss), (loss.Right, YLoss)], new Ink(Palette.Muted, Width: 1.2));
            c.Edge("forward", loss.Id, total.Id, [(x - 8, loss.Top), (x - 8, total.Bottom)], fwd);
            HorizontalEdges(c, prev, cell, fwd, back, OnPath(t) && prev.Id != "a0");
            if (OnPath(t) && (lossStep is null || t == lossStep))
            {
                if (lossStep is null) c.Edge("backward", total.Id, loss.Id, [(x + 8, total.Bottom), (x + 8, loss.Top)], back);
                c.Edge("backward", loss.Id, pred.Id, [(x + 8, loss.Bottom), (x + 8, pred.Top)], back);
                c.Edge("backward", pred.Id, cell.Id, [(x + 8, pred.Bottom), (x + 8, cell.Top)], back);
            }
            prev = cell;
        }

        double y = YLegend;
        string g = activation;
        var lines = new List<(Ink Ink, string Text)>
        {
            (fwd, $"forward:  a^{{<t>}} = {g}(W_{{aa}} a^{{<t-1>}} + W_{{ax}} x^{{<t>}} + b_a),   ŷ^{{<t>}} = softmax(W_{{ya}} a^{{<t>}} + b_y)"),
        };
        if (backward)
            lines.Add((back, lossStep is { } ls
                ? $"backward (BPTT) from L^{{<{ls}>}} alone: through ŷ^{{<{ls}>}} to a^{{<{ls}>}}, then back through W_{{aa}} to every earlier a^{{<t>}}"
                : "backward (BPTT): each a^{<t>} gets the gradient of its own L^{<t>} plus what a^{<t+1>} sends back through W_{aa}"));
        var notes = new List<string> { "the same W_{ax}, W_{aa}, W_{ya}, b_a, b_y at every step; L^{<t>} = cross-entropy(ŷ^{<t>}, y^{<t>})" };
        if (inputSize is { } nx && hiddenSize is { } na && outputSize is { } ny)
            notes.Add($"W_{{ax}} = weight\\_ih\\_l0 [{na} × {nx}],   W_{{aa}} = weight\\_hh\\_l0 [{na} × {na}],   W_{{ya}} = head.weight [{ny} × {na}]   (PyTorch names and shapes)");
        foreach (var (ink, text) in lines) { Layout.LegendLine(c, 20, y, ink, text); y += 24; }
        foreach (var n in notes) { c.Text(20, y, n, SvgCanvas.SmallFont, color: Palette.Muted, kind: "note"); y += 22; }

        double width = Math.Max(X(columns.Count) + 110, Math.Max(Layout.LegendWidth(20, lines.Select(l => l.Text)),
                                notes.Max(n => 20 + Label.Width(n, SvgCanvas.SmallFont))) + 20);
        string what = backward ? (lossStep is { } s ? $", gradient of L<{s}> traced back" : ", with the BPTT gradient path") : "";
        return c.Finish($"RNN unrolled over T_x = {steps} steps", width, y + 6,
                        $"An Elman RNN unrolled over {steps} time steps{what}.");
    }

    /// <summary>The unrolled diagram of a one-layer, one-direction <see cref="RNN"/> and its output layer
    /// (n_y = <paramref name="outputSize"/>), with the layer's own sizes and activation.</summary>
    public static Diagram Unrolled(RNN layer, int outputSize, int steps, bool backward = true, int? lossStep = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.NumLayers != 1 || layer.Bidirectional)
            throw new ArgumentException($"RnnDiagram: draws a one-layer, one-direction RNN; this one has {layer.NumLayers} layer(s){(layer.Bidirectional ? ", bidirectional" : "")}.", nameof(layer));
        return Unrolled(steps, backward, lossStep, layer.InputSize, layer.HiddenSize, outputSize,
                        layer.NonLinearity == NonLinearity.ReLU ? "relu" : "tanh");
    }

    /// <summary>a&lt;t-1&gt; → a&lt;t&gt; (upper half, labelled W_aa) and, on the gradient path, back again (lower half).</summary>
    static void HorizontalEdges(SvgCanvas c, DrawnNode from, DrawnNode to, Ink fwd, Ink back, bool backwardToo)
    {
        double mid = (from.Right + to.Left) / 2;
        c.Edge("forward", from.Id, to.Id, [(from.Right, YCell - 9), (to.Left, YCell - 9)], fwd,
               "W_{aa}", mid, YCell - 22);
        if (backwardToo)
            c.Edge("backward", to.Id, from.Id, [(to.Left, YCell + 9), (from.Right, YCell + 9)], back);
    }
}
