using System.Reflection;

namespace Workbench.Exercises;

/// <summary>
/// What a notebook's check cell calls: compares the student's answer with the reference, prints a friendly
/// <see cref="Verdict"/> and returns it. A check never throws: an exercise that still throws
/// NotImplementedException is "not attempted yet", any other exception from the student's code is "not yet" with
/// the exception shown, and a failing reference is "could not check". So an unsolved notebook runs clean.
/// Answers are passed as functions (<c>() =&gt; RnnStep(…)</c>) so the check can catch what they throw.
/// (The class is not called Check: lessons like to name their own helpers that.)
/// <para>Numbers (double, float, arrays, <see cref="Tensors.Tensor"/>) must agree within
/// |answer − reference| ≤ tolerance · (1 + |reference|) entry by entry; integers, strings and lists must be equal;
/// tuples are compared part by part.</para>
/// </summary>
public static class Exercise
{
    public const double DefaultTolerance = 1e-6;

    /// <summary>Where verdicts are printed; null (the default) means the current <see cref="Console.Out"/>, read at
    /// each check, so a notebook kernel's redirected console gets them.</summary>
    public static TextWriter? Output { get; set; }

    /// <summary>The answer against a reference value.</summary>
    public static Verdict Check<T>(string exercise, Func<T> answer, object? reference, double tolerance = DefaultTolerance, IReadOnlyList<string>? parts = null) =>
        Check(exercise, answer, () => reference, tolerance, parts);

    /// <summary>The answer against a reference computed by <paramref name="reference"/> (its errors are caught too).</summary>
    public static Verdict Check<T, TRef>(string exercise, Func<T> answer, Func<TRef> reference, double tolerance = DefaultTolerance, IReadOnlyList<string>? parts = null) =>
        Report(Judge(exercise, answer, reference, tolerance, parts));

    /// <summary>
    /// A function tried on <paramref name="trials"/> seeded inputs: <paramref name="input"/>(seed) builds an input
    /// (called afresh for the answer and the reference, so neither sees the other's changes), and the answer must
    /// match the reference on every one. The first failing input is reported with its seed.
    /// </summary>
    public static Verdict CheckFunction<TIn, TOut>(string exercise, Func<int, TIn> input, Func<TIn, TOut> answer, Func<TIn, TOut> reference,
                                              int trials = 5, double tolerance = DefaultTolerance, IReadOnlyList<string>? parts = null, int firstSeed = 1)
    {
        Verdict verdict;
        try
        {
            if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "a function check needs at least one trial.");
            double largest = 0;
            verdict = new Verdict(exercise, VerdictStatus.Correct, "", []);
            for (int k = 0; k < trials; k++)
            {
                int seed = firstSeed + k;
                var v = Judge(exercise, () => answer(input(seed)), () => reference(input(seed)), tolerance, parts, out double err);
                largest = Math.Max(largest, err);
                if (v.Status == VerdictStatus.NotYet)
                    v = v with { Summary = $"on test input {k + 1} of {trials} (seed {seed}): {v.Summary}" };
                if (v.Status != VerdictStatus.Correct) { verdict = v; break; }
                verdict = v with
                {
                    Summary = $"matches the reference on all {trials} test inputs" +
                              (largest > 0 ? $" (largest difference {Answers.Fmt(largest)}, tolerance {Answers.Fmt(tolerance)})." : "."),
                };
            }
        }
        catch (Exception e)
        {
            verdict = new Verdict(exercise, VerdictStatus.CheckError, $"the check failed to run: {Unwrap(e).GetType().Name}: {Unwrap(e).Message}", []);
        }
        return Report(verdict);
    }

    static Verdict Judge<T, TRef>(string exercise, Func<T> answer, Func<TRef> reference, double tolerance, IReadOnlyList<string>? parts) =>
        Judge(exercise, answer, reference, tolerance, parts, out _);

    static Verdict Judge<T, TRef>(string exercise, Func<T> answer, Func<TRef> reference, double tolerance, IReadOnlyList<string>? parts, out double largest)
    {
        largest = 0;
        object? expected;
        try { expected = reference(); }
        catch (Exception e)
        {
            var inner = Unwrap(e);
            return new Verdict(exercise, VerdictStatus.CheckError,
                $"the reference threw {inner.GetType().Name}: {inner.Message} (a problem in the notebook's check, not in your answer).", []);
        }
        object? given;
        try { given = answer(); }
        catch (Exception e)
        {
            var inner = Unwrap(e);
            if (inner is NotImplementedException)
                return new Verdict(exercise, VerdictStatus.NotAttempted,
                    "the exercise still throws NotImplementedException: write your code in the exercise cell, run it, then run this check again.", []);
            var where = FirstFrame(inner);
            return new Verdict(exercise, VerdictStatus.NotYet, $"your code threw {inner.GetType().Name}: {inner.Message}",
                where is null ? [] : [$"at {where}"]);
        }
        try
        {
            var c = Answers.Compare(given, expected, tolerance, parts);
            largest = c.LargestError;
            return new Verdict(exercise, c.Ok ? VerdictStatus.Correct : VerdictStatus.NotYet, c.Summary, c.Details);
        }
        catch (Exception e)
        {
            return new Verdict(exercise, VerdictStatus.CheckError, $"comparing failed: {e.GetType().Name}: {e.Message}", []);
        }
    }

    static Verdict Report(Verdict v)
    {
        try { (Output ?? Console.Out).WriteLine(v.ToString()); }
        catch (Exception) { /* a closed console must not turn a verdict into an error */ }
        return v;
    }

    static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is TargetInvocationException { InnerException: { } t }) e = t;
            else if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            else return e;
        }
    }

    /// <summary>The innermost stack frame, where the student's code failed (e.g. "Submission#7.RnnStep(…)").</summary>
    static string? FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal)) is { } line
            ? line[3..] : null;
}
