namespace Workbench.Diagrams;

/// <summary>Light-theme colours shared by every diagram (dark strokes on white; the orange/blue pair stays apart
/// under the common colour-vision deficiencies).</summary>
internal static class Palette
{
    public const string Text = "#1f2328";
    public const string Muted = "#57606a";
    public const string Line = "#30363d";
    public const string NodeFill = "#f3f4f6";
    public const string StateFill = "#dbeafe";      // hidden states a<t>, c<t>
    public const string StateLine = "#1d4ed8";
    public const string InputFill = "#ecfdf5";      // inputs x<t>
    public const string InputLine = "#047857";
    public const string OutputFill = "#fff7ed";     // predictions ŷ<t>
    public const string OutputLine = "#c2410c";
    public const string GateFill = "#fef3c7";       // σ gates
    public const string GateLine = "#b45309";
    public const string TanhFill = "#e0e7ff";       // tanh blocks
    public const string TanhLine = "#4338ca";
    public const string Backward = "#d62728";       // the gradient path
    public const string Highlight = "#7c3aed";      // the bottleneck, the best beam path
    public const string Finished = "#15803d";
    public const string Pruned = "#9ca3af";
}
