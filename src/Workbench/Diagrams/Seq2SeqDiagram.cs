using Workbench.Recurrent;
using Workbench.Seq2Seq;

namespace Workbench.Diagrams;

/// <summary>
/// The encoder-decoder without attention and its bottleneck: the encoder reads x&lt;1&gt; … x&lt;T_x&gt; into states
/// a&lt;t&gt;; only its final state (for an LSTM also the memory c&lt;T_x&gt;), a fixed number of values whatever
/// T_x is, starts the decoder; the decoder states s&lt;t&gt; emit ŷ&lt;1&gt; … &lt;eos&gt;, each output fed back as the
/// next input. Drawn from the caller's real tokens and, with a <see cref="Seq2SeqConfig"/>, from the model's
/// own cell kind, sizes, depth and options.
/// </summary>
public static class Seq2SeqDiagram
{
    /// <summary>Tokens drawn per side in full; longer sides show the first tokens, "⋯", and the last two.</summary>
    public const int MaxColumns = 5;

    const double Dx = 90, YOut = 96, YCell = 196, YIn = 296, YNotes = 362;

    /// <summary>The encoder-decoder of <paramref name="config"/> reading <paramref name="source"/> and writing
    /// <paramref name="target"/> (without &lt;bos&gt;/&lt;eos&gt;, which are drawn).</summary>
    public static Diagram EncoderDecoder(Seq2SeqConfig config, IReadOnlyList<string> source, IReadOnlyList<string> target)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Draw(source, target, config.Cell, config.HiddenSize, config.NumLayers, config.Bidirectional,
                    config.Attention != AttentionKind.None, config.ReverseSource);
    }

    /// <summary>A one-layer encoder-decoder of <paramref name="cell"/> cells with <paramref name="hiddenSize"/> units.</summary>
    public static Diagram EncoderDecoder(IReadOnlyList<string> source, IReadOnlyList<string> target, int hiddenSize, CellKind cell = CellKind.Gru) =>
        Draw(source, target, cell, hiddenSize, 1, false, false, false);

    static Diagram Draw(IReadOnlyList<string> source, IReadOnlyList<string> target, CellKind cell, int hiddenSize, int layers,
                        bool bidirectional, bool attends, bool reversed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Count == 0) throw new ArgumentException("Seq2SeqDiagram: the source has no tokens.", nameof(source));
        if (target.Count == 0) throw new ArgumentException("Seq2SeqDiagram: the target has no tokens.", nameof(target));
        if (hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "Seq2SeqDiagram: the hidden size must be positive.");
        if (source.Any(t => t is null) || target.Any(t => t is null)) throw new ArgumentException("Seq2SeqDiagram: a token is null.");

        var c = new SvgCanvas();
        var ink = new Ink(Palette.Line, Width: 1.6);
        var read = reversed ? source.Reverse().ToArray() : source.ToArray();
        var enc = Layout.Shown(read.Length, MaxColumns);
        // Decoder step t reads y<t-1> (<bos> first) and writes ŷ<t>; the last output is <eos>.
        var dec = Layout.Shown(target.Count + 1, MaxColumns);
        double x0 = 70;
        double Ex(int i) => x0 + i * Dx;
        double bottleneckX = Ex(enc.Count - 1) + Dx + 18;
        double Dxs(int i) => bottleneckX + Dx + 18 + i * Dx;

        c.Text((Ex(0) + Ex(enc.Count - 1)) / 2, YIn + 50, reversed ? "encoder (reads the source backwards)" : "encoder", SvgCanvas.SmallFont, "middle", Palette.Muted, true, "note");
        c.Text((Dxs(0) + Dxs(dec.Count - 1)) / 2, YIn + 50, "decoder", SvgCanvas.SmallFont, "middle", Palette.Muted, true, "note");

        DrawnNode? prev = null;
        for (int i = 0; i < enc.Count; i++)
        {
            double x = Ex(i);
            if (enc[i] is not { } t) { prev = Elided(c, "enc", x, prev, ink, withOutput: false); continue; }
            var state = c.Node($"a{t}", "state encoder", NodeShape.Box, x, YCell, 64, 44, new Ink(Palette.StateLine, Palette.StateFill, 1.8), [$"a^{{<{t}>}}"]);
            var input = c.Node($"x{t}", "input", NodeShape.Box, x, YIn, 62, 46, new Ink(Palette.InputLine, Palette.InputFill, 1.5),
                               [$"x^{{<{t}>}}"], caption: Layout.Token(read[t - 1], 8));
            c.Edge("forward", input.Id, state.Id, [(x, input.Top), (x, state.Bottom)], ink);
            if (prev is not null) c.Edge("forward", prev.Id, state.Id, [(prev.Right, YCell), (state.Left, YCell)], ink);
            prev = state;
        }

        // The bottleneck: everything the decoder learns about the source passes through here.
        bool lstm = cell == CellKind.Lstm;
        string size = (lstm ? $"2 × {hiddenSize}" : $"{hiddenSize}") + " numbers" + (layers > 1 ? $" in each of {layers} layers" : "");
        var summary = c.Node("summary", "bottleneck", NodeShape.Box, bottleneckX, YCell, 58, 118, new Ink(Palette.Highlight, "#ede9fe", 3),
                             lstm ? [$"a^{{<{read.Length}>}}", $"c^{{<{read.Length}>}}"] : [$"a^{{<{read.Length}>}}"], bold: true);
        c.Text(bottleneckX, summary.Top - 26, "fixed-size summary", SvgCanvas.SmallFont, "middle", Palette.Highlight, true, "note");
        c.Text(bottleneckX, summary.Top - 10, (lstm ? "a^{<T_x>}, c^{<T_x>}" : "a^{<T_x>}") + $": {size}", SvgCanvas.SmallFont, "middle", Palette.Highlight, kind: "note");
        c.Edge("forward", prev!.Id, summary.Id, [(prev.Right, YCell), (summary.Left, YCell)], new Ink(Palette.Highlight, Width: 2.4));

        prev = summary;
        DrawnNode? lastOut = null;
        for (int i = 0; i < dec.Count; i++)
        {
            double x = Dxs(i);
            if (dec[i] is not { } t) { prev = Elided(c, "dec", x, prev, ink, withOutput: true); lastOut = null; continue; }
            bool last = t == target.Count + 1;
            var state = c.Node($"s{t}", "state decoder", NodeShape.Box, x, YCell, 64, 44, new Ink(Palette.StateLine, Palette.StateFill, 1.8), [$"s^{{<{t}>}}"]);
            var output = c.Node($"yhat{t}", "prediction", NodeShape.Box, x, YOut, 62, 46, new Ink(Palette.OutputLine, Palette.OutputFill, 1.5),
                                [$"ŷ^{{<{t}>}}"], caption: last ? "<eos>" : Layout.Token(target[t - 1], 8));
            var input = c.Node($"in{t}", "input", NodeShape.Box, x, YIn, 62, 46, new Ink(Palette.InputLine, Palette.InputFill, 1.5),
                               [t == 1 ? "<bos>" : $"y^{{<{t - 1}>}}"], caption: t == 1 ? null : Layout.Token(target[t - 2], 8));
            c.Edge("forward", input.Id, state.Id, [(x, input.Top), (x, state.Bottom)], ink);
            c.Edge("forward", state.Id, output.Id, [(x, state.Top), (x, output.Bottom)], ink);
            bool fromSummary = prev.Id == "summary";
            c.Edge("forward", prev.Id, state.Id, [(prev.Right, YCell), (state.Left, YCell)], fromSummary ? new Ink(Palette.Highlight, Width: 2.4) : ink);
            if (lastOut is not null)
            {   // generation feeds each output back as the next input (training feeds the gold token instead)
                double mid = (lastOut.Right + input.Left) / 2;
                c.Edge("feedback", lastOut.Id, input.Id, [(lastOut.Right, YOut), (mid, YOut), (mid, YIn), (input.Left, YIn)],
                       new Ink(Palette.Muted, Width: 1.2, Dash: "4 3"));
            }
            prev = state;
            lastOut = output;
        }

        var notes = new List<string>
        {
            $"{cell.ModuleName()} encoder and decoder, n_a = {hiddenSize}" + (layers > 1 ? $", {layers} layers (the summary holds every layer's final state)" : "") +
                (bidirectional ? "; bidirectional encoder, its two final states bridged into one" : ""),
            "T_x source tokens in, T_y output tokens out: the decoder sees the source only through the summary, whatever T_x is",
            "dashed: at inference each output is fed back as the next input; training feeds the gold y^{<t-1>} (teacher forcing)",
        };
        if (attends) notes.Add("this model also attends to every encoder state a^{<t'>} at every step (see AttentionDiagram); drawn here is the fixed-size path");
        double y = YNotes + 16;
        foreach (var n in notes) { c.Text(20, y, n, SvgCanvas.SmallFont, color: Palette.Muted, kind: "note"); y += 22; }
        double width = Math.Max(Dxs(dec.Count - 1) + 60, notes.Max(n => 20 + Label.Width(n, SvgCanvas.SmallFont)) + 20);
        return c.Finish($"Encoder-decoder: {source.Count} source tokens → one fixed-size vector → {target.Count + 1} output tokens",
                        width, y + 4, $"A {cell.ModuleName()} encoder-decoder without attention: the source passes through a summary of {size}.");
    }

    /// <summary>A "⋯" column standing for the steps left out, with the state path running through it.</summary>
    static DrawnNode Elided(SvgCanvas c, string side, double x, DrawnNode? prev, Ink ink, bool withOutput)
    {
        var gap = c.Node($"{side}-more", "state elided", NodeShape.Box, x, YCell, 50, 44, new Ink(Palette.Muted, "#ffffff", 1.2, "3 3"), ["⋯"]);
        c.Text(x, YIn, "⋯", anchor: "middle", color: Palette.Muted);
        if (withOutput) c.Text(x, YOut, "⋯", anchor: "middle", color: Palette.Muted);
        if (prev is not null)
            c.Edge("forward", prev.Id, gap.Id, [(prev.Right, YCell), (gap.Left, YCell)], prev.Id == "summary" ? new Ink(Palette.Highlight, Width: 2.4) : ink);
        return gap;
    }
}
