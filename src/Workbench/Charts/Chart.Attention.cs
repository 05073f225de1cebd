using Workbench.Tokenization;

namespace Workbench.Charts;

public static partial class Chart
{
    /// <summary>
    /// Attention weights α&lt;t,t'&gt; [T_y, T_x] as a heatmap: one row per output token (first at the top), one column
    /// per source token, on a fixed 0..1 colour scale so maps of different sentences compare. Tokens are tick texts at
    /// integer positions, so a repeated token keeps its own cell, with whitespace made visible (" the" shows as ␣the).
    /// </summary>
    public static Figure Attention(float[,] weights, IEnumerable<string> sourceTokens, IEnumerable<string> outputTokens)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(sourceTokens); ArgumentNullException.ThrowIfNull(outputTokens);
        return Heatmap(weights, sourceTokens.Select(TokenText.Visible), outputTokens.Select(TokenText.Visible),
                       colorscale: "Viridis", colorbarTitle: "attention weight α")
            .UpdateTraces(t => { t["zmin"] = 0; t["zmax"] = 1; })
            .WithXAxis("source token x⟨t′⟩").WithYAxis("output token ŷ⟨t⟩");
    }
}
