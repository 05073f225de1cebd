using System.Globalization;
using Workbench.Decoding;

namespace Workbench.Diagrams;

/// <summary>
/// The search tree of a real beam search, drawn from its <see cref="BeamTrace"/>: one column per step, one node
/// per scored candidate with its token and total log-probability; kept hypotheses in blue, finished ones
/// (ending in &lt;eos&gt;) in green, pruned candidates grey and dashed, and the path of the returned best
/// hypothesis in purple.
/// </summary>
public static class BeamTreeDiagram
{
    /// <summary>Most leaf rows drawn; a larger tree asks for <c>showPruned: false</c> or a shorter search.</summary>
    public const int MaxRows = 60;

    const double RowH = 52, Top = 84, X0 = 50;

    sealed class TreeNode(string id, int step, BeamCandidate? candidate, TreeNode? parent, int[] tokens)
    {
        public string Id { get; } = id;
        public int Step { get; } = step;
        public BeamCandidate? Candidate { get; } = candidate;
        public TreeNode? Parent { get; } = parent;
        public int[] Tokens { get; } = tokens;
        public List<TreeNode> Children { get; } = [];
        public double Y { get; set; }
    }

    /// <summary>The tree of <paramref name="trace"/>; <paramref name="tokenText"/> names tokens (e.g. a vocabulary's
    /// TokenOf; default: the id). <paramref name="showPruned"/> draws the scored-but-dropped candidates too.</summary>
    public static Diagram From(BeamTrace trace, Func<int, string>? tokenText = null, bool showPruned = true, string bos = "<bos>")
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Steps.Count == 0) throw new ArgumentException("BeamTreeDiagram: the trace has no steps; pass it to Generate.BeamSearch first.", nameof(trace));
        tokenText ??= id => id.ToString(CultureInfo.InvariantCulture);

        // Rebuild the tree: slot k of step s is the node of the candidate kept into slot k at step s-1.
        var root = new TreeNode("root", -1, null, null, []);
        var slots = new List<TreeNode> { root };
        var all = new List<TreeNode> { root };
        foreach (var step in trace.Steps)
        {
            if (step.Live.Count != slots.Count)
                throw new ArgumentException($"BeamTreeDiagram: step {step.Step} expands {step.Live.Count} hypotheses but the step before kept {slots.Count}; the trace is inconsistent.", nameof(trace));
            var next = new TreeNode?[step.Candidates.Count(c => c.Fate == BeamFate.Kept)];
            foreach (var cand in step.Candidates)
            {
                if (cand.Fate == BeamFate.Pruned && !showPruned) continue;
                var parent = slots[cand.Parent];
                var node = new TreeNode($"s{step.Step + 1}-r{cand.Rank + 1}", step.Step, cand, parent, [.. parent.Tokens, cand.Token]);
                parent.Children.Add(node);
                all.Add(node);
                if (cand.Fate == BeamFate.Kept) next[cand.Slot] = node;
            }
            slots = next.Select((n, k) => n ?? throw new ArgumentException($"BeamTreeDiagram: step {step.Step} has no candidate kept into slot {k}.", nameof(trace))).ToList();
        }

        // The returned best hypothesis: a finished node (or, if nothing finished, a live one) with its tokens.
        var best = trace.Results.Count == 0 ? null : all.LastOrDefault(n => n.Candidate is { } c && c.Fate != BeamFate.Pruned && n.Tokens.SequenceEqual(trace.Results[0].Tokens));
        var bestPath = new HashSet<TreeNode>();
        for (var n = best; n is not null; n = n.Parent) bestPath.Add(n);

        // Leaves take consecutive rows (children in rank order); a parent sits midway between its first and last child.
        int rows = 0;
        void Place(TreeNode n)
        {
            if (n.Children.Count == 0) { n.Y = Top + rows++ * RowH; return; }
            foreach (var ch in n.Children) Place(ch);
            n.Y = (n.Children[0].Y + n.Children[^1].Y) / 2;
        }
        Place(root);
        if (rows > MaxRows)
            throw new ArgumentException($"BeamTreeDiagram: the tree has {rows} leaves; at most {MaxRows} are drawn. Pass showPruned: false, or trace a narrower or shorter search.", nameof(trace));

        string Caption(BeamCandidate c) => c.Fate == BeamFate.Finished && c.Score is { } s && Math.Abs(s - c.LogProb) > 1e-9
            ? $"{Num(c.LogProb)} · score {Num(s)}" : Num(c.LogProb);
        string TokenLabel(TreeNode n) => n.Candidate is null ? Label.Escape(bos) : Layout.Token(tokenText(n.Candidate.Token), 10);
        double colW = Math.Max(96, all.Max(n => Math.Max(Label.Width(TokenLabel(n), SvgCanvas.FontSize),
                                                          n.Candidate is null ? 0 : Label.Width(Caption(n.Candidate), SvgCanvas.SmallFont))) + 44);
        double X(int step) => X0 + 40 + (step + 1) * colW;

        var c = new SvgCanvas();
        for (int s = 0; s < trace.Steps.Count; s++)
            c.Text(X(s), Top - 38, $"step {s + 1}", SvgCanvas.SmallFont, "middle", Palette.Muted, kind: "note");
        var drawn = new Dictionary<TreeNode, DrawnNode>();
        foreach (var n in all)
        {
            var (kind, ink, text) = Style(n, bestPath.Contains(n));
            drawn[n] = n.Candidate is null
                ? c.FitNode(n.Id, "root" + (bestPath.Contains(n) ? " best" : ""), NodeShape.Pill, X(-1), n.Y, ink, [TokenLabel(n)], minW: 60, minH: 30)
                : c.FitNode(n.Id, kind, NodeShape.Box, X(n.Step), n.Y, ink, [TokenLabel(n)], minW: colW - 44, minH: 36,
                            fontSize: SvgCanvas.FontSize * 0.92, textColor: text, caption: Caption(n.Candidate));
        }
        foreach (var n in all)
        {
            if (n.Parent is null) continue;
            var (p, ch) = (drawn[n.Parent], drawn[n]);
            double mid = (p.Right + ch.Left) / 2;
            bool onBest = bestPath.Contains(n);
            var edgeInk = onBest ? new Ink(Palette.Highlight, Width: 2.6)
                : n.Candidate!.Fate == BeamFate.Pruned ? new Ink(Palette.Pruned, Width: 1, Dash: "3 3") : new Ink(Palette.Line, Width: 1.3);
            c.Edge(onBest ? "tree best" : "tree", p.Id, ch.Id, [(p.Right, p.Y), (mid, p.Y), (mid, ch.Y), (ch.Left, ch.Y)], edgeInk, head: false);
        }

        double y = Top + rows * RowH - 6;
        var width = X(trace.Steps.Count - 1) + colW / 2 + 20;
        string[] legend =
        [
            "kept: among the beam's best, expanded at the next step",
            "finished: ends in <eos> among the step's best; moves to the finished list",
            "pruned: scored, but ranked too low (or the beam was full)",
            "the returned best hypothesis; numbers are total log P (and the length-normalised score when it differs)",
        ];
        Ink[] inks = [new(Palette.StateLine, Width: 2), new(Palette.Finished, Width: 2), new(Palette.Pruned, Width: 1.5, Dash: "3 3"), new(Palette.Highlight, Width: 3)];
        for (int i = 0; i < legend.Length; i++)
        {
            if (i == 2 && !showPruned) continue;
            Layout.LegendLine(c, 20, y, inks[i], Label.Escape(legend[i]));
            y += 22;
        }
        width = Math.Max(width, Layout.LegendWidth(20, legend.Select(Label.Escape)) + 20);
        int finished = all.Count(n => n.Candidate?.Fate == BeamFate.Finished);
        var bestText = trace.Results.Count == 0 ? "" : " → " + string.Join(" ", trace.Results[0].Tokens.Select(tokenText));
        return c.Finish($"Beam search tree: {trace.Steps.Count} steps, {finished} finished{(bestText.Length > 60 ? "" : bestText)}", width, y + 4,
            $"Beam search tree from a real run: {trace.Steps.Count} steps, {all.Count - 1} scored candidates drawn, {finished} finished.");
    }

    static (string Kind, Ink Ink, string Text) Style(TreeNode n, bool best)
    {
        string b = best ? " best" : "";
        double w = best ? 3 : 1.6;
        return n.Candidate?.Fate switch
        {
            BeamFate.Finished => ("finished" + b, new Ink(best ? Palette.Highlight : Palette.Finished, "#dcfce7", w), Palette.Text),
            BeamFate.Pruned => ("pruned", new Ink(Palette.Pruned, "#ffffff", 1.2, "3 3"), Palette.Muted),
            _ => ("kept" + b, new Ink(best ? Palette.Highlight : Palette.StateLine, Palette.StateFill, w), Palette.Text),
        };
    }

    /// <summary>Two decimals with a true minus sign.</summary>
    static string Num(double v) => v.ToString("0.00", CultureInfo.InvariantCulture).Replace("-", "−");
}
