namespace Workbench.Decoding;

/// <summary>Beam search settings.</summary>
/// <param name="Width">Number of hypotheses kept at each step (1 is greedy).</param>
/// <param name="MaxLength">Most tokens generated per hypothesis.</param>
/// <param name="LengthPenalty">GNMT length normalisation α: a hypothesis is ranked by
/// log P / ((5 + |y|) / 6)^α. 0 ranks by raw log-probability, which favours short outputs.</param>
/// <param name="NBest">How many finished hypotheses to return, best first.</param>
public sealed record BeamOptions(int Width = 4, int MaxLength = 50, double LengthPenalty = 0.0, int NBest = 1)
{
    public void Validate()
    {
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), Width, "beam search: width must be >= 1.");
        if (MaxLength < 1) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "beam search: max length must be >= 1.");
        if (NBest < 1 || NBest > Width) throw new ArgumentOutOfRangeException(nameof(NBest), NBest, $"beam search: n-best must be in 1..width ({Width}).");
        if (LengthPenalty < 0) throw new ArgumentOutOfRangeException(nameof(LengthPenalty), LengthPenalty, "beam search: length penalty must be >= 0.");
    }
}
