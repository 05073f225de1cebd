namespace Workbench.Decoding;

/// <summary>What became of one candidate extension at a beam-search step.</summary>
public enum BeamFate
{
    /// <summary>Among the step's best non-ending candidates: a live hypothesis at the next step.</summary>
    Kept,
    /// <summary>Ends in &lt;eos&gt; and ranked among the step's <c>Width</c> best: moved to the finished list.</summary>
    Finished,
    /// <summary>Scored but not kept: ranked too low, or the beam was already full.</summary>
    Pruned,
}

/// <summary>A live hypothesis expanded at a step: its tokens so far (the start token excluded) and their total
/// log-probability.</summary>
public sealed record BeamHypothesis(int[] Tokens, double LogProb);

/// <summary>One scored extension: live hypothesis <paramref name="Parent"/> (an index into the step's
/// <see cref="BeamStep.Live"/>) followed by <paramref name="Token"/>.</summary>
/// <param name="TokenLogProb">log P(token | prefix, source).</param>
/// <param name="LogProb">Total log-probability of the extended hypothesis.</param>
/// <param name="Rank">0-based rank among the step's candidates (by <paramref name="LogProb"/>).</param>
/// <param name="Slot">For <see cref="BeamFate.Kept"/>: its index in the next step's <see cref="BeamStep.Live"/>; else -1.</param>
/// <param name="Score">For <see cref="BeamFate.Finished"/>: the length-normalised ranking score; else null.</param>
public sealed record BeamCandidate(int Parent, int Token, double TokenLogProb, double LogProb, int Rank, BeamFate Fate, int Slot, double? Score);

/// <summary>One step of beam search: the live hypotheses it expanded and the best candidates it scored
/// (the top 2·Width over all live rows and tokens, best first), each with its fate.</summary>
public sealed record BeamStep(int Step, IReadOnlyList<BeamHypothesis> Live, IReadOnlyList<BeamCandidate> Candidates);

/// <summary>Receives what <see cref="Generate.BeamSearch{TState}"/> does, step by step; observing never changes
/// the search.</summary>
public interface IBeamSearchObserver
{
    void OnStep(BeamStep step);

    /// <summary>The hypotheses the search returns, best first (the same list the caller gets).</summary>
    void OnFinished(IReadOnlyList<Hypothesis> results);
}

/// <summary>Records a whole beam search (for a beam-tree diagram or to explain a result):
/// <c>var trace = new BeamTrace(); Generate.BeamSearch(model, start, bos, eos, options, trace);</c></summary>
public sealed class BeamTrace : IBeamSearchObserver
{
    readonly List<BeamStep> steps = [];

    public IReadOnlyList<BeamStep> Steps => steps;

    /// <summary>The returned hypotheses, best first (empty until the search ends).</summary>
    public IReadOnlyList<Hypothesis> Results { get; private set; } = [];

    void IBeamSearchObserver.OnStep(BeamStep step) => steps.Add(step);

    void IBeamSearchObserver.OnFinished(IReadOnlyList<Hypothesis> results) => Results = results;

    public override string ToString() =>
        $"BeamTrace({steps.Count} steps, {steps.Sum(s => s.Candidates.Count(c => c.Fate == BeamFate.Finished))} finished, {Results.Count} returned)";
}
