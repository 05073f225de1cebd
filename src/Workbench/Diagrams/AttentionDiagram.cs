using System.Globalization;

namespace Workbench.Diagrams;

/// <summary>
/// Attention at one decoder step as a weighted sum, drawn from a real weight vector: every encoder state
/// a&lt;t'&gt; sends an arrow to Σ whose width and opacity follow its weight α&lt;t,t'&gt; (printed above it), and the
/// context c&lt;t&gt; = Σ_t' α&lt;t,t'&gt; a&lt;t'&gt; joins the decoder state s&lt;t&gt; to predict ŷ&lt;t&gt;.
/// </summary>
public static class AttentionDiagram
{
    /// <summary>Most source positions drawn (a weight vector is never elided: every weight is shown).</summary>
    public const int MaxSource = 24;

    const double YIn = 372, YEnc = 300, YWeight = 256, YSum = 150, YTop = 78;

    /// <summary>Step <paramref name="step"/> (1-based) attending over <paramref name="sourceTokens"/> with
    /// <paramref name="weights"/> α&lt;t,1..T_x&gt; (non-negative, summing to 1), optionally writing
    /// <paramref name="outputToken"/>.</summary>
    public static Diagram WeightedSum(IReadOnlyList<string> sourceTokens, IReadOnlyList<double> weights, int step = 1, string? outputToken = null)
    {
        ArgumentNullException.ThrowIfNull(sourceTokens);
        ArgumentNullException.ThrowIfNull(weights);
        int n = sourceTokens.Count;
        if (n == 0) throw new ArgumentException("AttentionDiagram: there are no source tokens.", nameof(sourceTokens));
        if (n > MaxSource) throw new ArgumentException($"AttentionDiagram: {n} source tokens; at most {MaxSource} fit (pass a shorter sentence).", nameof(sourceTokens));
        if (weights.Count != n)
            throw new ArgumentException($"AttentionDiagram: {weights.Count} weights for {n} source tokens; give one weight α<t,t'> per token.", nameof(weights));
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "AttentionDiagram: the decoder step t is 1-based.");
        for (int j = 0; j < n; j++)
            if (!double.IsFinite(weights[j]) || weights[j] < 0)
                throw new ArgumentException($"AttentionDiagram: weight {j + 1} (token \"{sourceTokens[j]}\") is {weights[j]}; attention weights are non-negative numbers.", nameof(weights));
        double total = weights.Sum();
        if (Math.Abs(total - 1) > 1e-3)
            throw new ArgumentException($"AttentionDiagram: the weights sum to {total:G6}, not 1; pass the softmax output α, not the scores e.", nameof(weights));

        var c = new SvgCanvas();
        double dx = n <= 10 ? 78 : Math.Max(50, 780.0 / n);
        double boxW = Math.Min(62, dx - 10), x0 = 60;
        double X(int j) => x0 + j * dx;
        double cx = (X(0) + X(n - 1)) / 2;
        double max = weights.Max();
        string t = step.ToString(CultureInfo.InvariantCulture);

        var sum = c.Node("sum", "op", NodeShape.Circle, cx, YSum, 40, 40, new Ink(Palette.Highlight, "#ede9fe", 2), ["Σ"], 20);
        var context = c.Node("context", "context", NodeShape.Box, cx, YTop, 70, 44, new Ink(Palette.Highlight, "#ede9fe", 2), [$"c^{{<{t}>}}"]);
        c.Edge("forward", sum.Id, context.Id, [(cx, sum.Top), (cx, context.Bottom)], new Ink(Palette.Highlight, Width: 2.2));
        double right = Math.Max(X(n - 1) + boxW / 2, cx + 100) + 80;
        var decoder = c.Node("decoder", "state decoder", NodeShape.Box, right, YSum, 70, 44, new Ink(Palette.StateLine, Palette.StateFill, 1.8), [$"s^{{<{t}>}}"]);
        var output = c.Node("output", "prediction", NodeShape.Box, right + 110, YTop, 80, 46, new Ink(Palette.OutputLine, Palette.OutputFill, 1.5),
                            [$"ŷ^{{<{t}>}}"], caption: outputToken is null ? null : Layout.Token(outputToken, 9));
        c.Edge("forward", context.Id, output.Id, [(context.Right, YTop), (output.Left, YTop)], new Ink(Palette.Line, Width: 1.6));
        c.Edge("forward", decoder.Id, output.Id, [(decoder.Right, YSum), (output.X, YSum), (output.X, output.Bottom)], new Ink(Palette.Line, Width: 1.6));
        for (int j = 0; j < n; j++)
        {
            double x = X(j), w = weights[j];
            var enc = c.Node($"a{j + 1}", "state encoder", NodeShape.Box, x, YEnc, boxW, 40, new Ink(Palette.StateLine, Palette.StateFill, 1.5), [$"a^{{<{j + 1}>}}"],
                             n > 14 ? SvgCanvas.SmallFont : SvgCanvas.FontSize);
            var input = c.Node($"x{j + 1}", "input", NodeShape.Box, x, YIn, boxW, 34, new Ink(Palette.InputLine, Palette.InputFill, 1.2), [Layout.Token(sourceTokens[j], 7)],
                               n > 14 ? 11 : SvgCanvas.SmallFont);
            c.Edge("forward", input.Id, enc.Id, [(x, input.Top), (x, enc.Bottom)], new Ink(Palette.Line, Width: 1.2));
            // The weighted arrow: width and opacity grow with α, so the sum's main ingredients stand out.
            var weightInk = new Ink(Palette.Highlight, Width: 0.8 + 7 * w, Opacity: 0.3 + 0.7 * (max > 0 ? w / max : 0));
            var (ex, ey) = Toward(cx, YSum, x, YWeight - 8, sum.W / 2 + 2);
            c.Edge("weight", enc.Id, sum.Id, [(x, enc.Top), (x, YWeight - 8), (ex, ey)], weightInk,
                   w.ToString("0.00", CultureInfo.InvariantCulture), x, YWeight + 4, labelColor: w == max ? Palette.Highlight : Palette.Text,
                   fontSize: n > 14 ? 10.5 : SvgCanvas.SmallFont, labelOnTop: true, boldLabel: w == max);
        }
        c.Text(X(0) - boxW / 2, YWeight - 30, $"α^{{<{t},t'>}}", SvgCanvas.SmallFont, "start", Palette.Highlight, true, "note");

        var notes = new[]
        {
            $"c^{{<{t}>}} = Σ_{{t'}} α^{{<{t},t'>}} a^{{<t'>}}:  a weighted average of all {n} encoder states (weights sum to 1)",
            $"α^{{<{t},t'>}} = exp(e^{{<{t},t'>}}) / Σ_{{t''}} exp(e^{{<{t},t''>}}):  a softmax over t' of the scores e^{{<{t},t'>}}, each comparing the decoder state s^{{<{t}>}} with a^{{<t'>}}",
        };
        double y = YIn + 48;
        foreach (var note in notes) { c.Text(20, y, note, SvgCanvas.SmallFont, color: Palette.Muted, kind: "note"); y += 22; }
        double width = Math.Max(output.Right + 20, notes.Max(s => 20 + Label.Width(s, SvgCanvas.SmallFont)) + 20);
        int argmax = Enumerable.Range(0, n).MaxBy(j => weights[j]);
        return c.Finish($"Attention at output step t = {step}: a weighted sum of the encoder states", width, y + 4,
            $"Attention weights of decoder step {step} over {n} source tokens; the largest, {max:0.00}, is on token {argmax + 1} (\"{sourceTokens[argmax]}\").");
    }

    /// <summary>Row <paramref name="outputStep"/> (0-based) of an attention matrix [T_y, T_x] such as
    /// <c>Translation.Attention</c>, with the output tokens if given.</summary>
    public static Diagram WeightedSum(IReadOnlyList<string> sourceTokens, float[,] attention, int outputStep, IReadOnlyList<string>? outputTokens = null)
    {
        ArgumentNullException.ThrowIfNull(attention);
        int rows = attention.GetLength(0), cols = attention.GetLength(1);
        if (outputStep < 0 || outputStep >= rows)
            throw new ArgumentOutOfRangeException(nameof(outputStep), outputStep, $"AttentionDiagram: the attention matrix has {rows} output steps (0..{rows - 1}).");
        if (outputTokens is not null && outputTokens.Count != rows)
            throw new ArgumentException($"AttentionDiagram: {outputTokens.Count} output tokens for an attention matrix of {rows} rows.", nameof(outputTokens));
        var row = Enumerable.Range(0, cols).Select(j => (double)attention[outputStep, j]).ToArray();
        return WeightedSum(sourceTokens, row, outputStep + 1, outputTokens?[outputStep]);
    }

    /// <summary>The point at distance <paramref name="r"/> from (cx, cy) toward (x, y): where an arrow meets a circle.</summary>
    static (double X, double Y) Toward(double cx, double cy, double x, double y, double r)
    {
        double dx = x - cx, dy = y - cy, len = Math.Sqrt(dx * dx + dy * dy);
        return len == 0 ? (cx, cy + r) : (cx + dx / len * r, cy + dy / len * r);
    }
}
