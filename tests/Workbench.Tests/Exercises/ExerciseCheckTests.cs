using System.Reflection;
using Workbench.Exercises;
using Workbench.Notebook;
using Workbench.Tensors;

namespace Workbench.Tests.Exercises;

/// <summary>The checks a notebook's check cells call: right answers pass, wrong ones say where and by how much,
/// unstarted ones say so, and nothing ever throws. (One class: <see cref="Exercise.Output"/> is shared.)</summary>
public class ExerciseCheckTests
{
    static readonly double[] Ref = [0.5, -1.25, 3.0];

    static Verdict Quiet(Func<Verdict> check)
    {
        var previous = Exercise.Output;
        Exercise.Output = TextWriter.Null;
        try { return check(); }
        finally { Exercise.Output = previous; }
    }

    [Fact]
    public void Numbers_within_tolerance_are_correct_in_every_supported_form()
    {
        double[,] m = { { 1, 2 }, { 3, 4 } };
        var cases = new (object Answer, object Reference)[]
        {
            (new[] { 0.5 + 1e-9, -1.25, 3.0 }, Ref),
            (new float[] { 0.5f, -1.25f, 3f }, Ref),
            (Tensor.FromArray([0.5f, -1.25f, 3f], 3), Ref),
            (new double[,] { { 1, 2 }, { 3, 4 + 1e-8 } }, m),
            (new[] { new[] { 1.0, 2 }, new[] { 3.0, 4 } }, m),
            (Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2), m),
            (2.5f, 2.5),
        };
        foreach (var (answer, reference) in cases)
        {
            var v = Quiet(() => Exercise.Check("t", () => answer, reference));
            Assert.True(v.IsCorrect, $"{answer.GetType().Name} vs {reference.GetType().Name}: {v}");
        }
    }

    [Fact]
    public void A_wrong_entry_is_reported_with_its_index_and_both_values()
    {
        var answer = new double[,] { { 1, 2, 3 }, { 4, 5.5, 6 } };
        var reference = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var v = Quiet(() => Exercise.Check("Exercise 9 · demo", () => answer, reference));
        Assert.Equal(VerdictStatus.NotYet, v.Status);
        Assert.Contains("largest difference 0.5 at [1, 1]: yours 5.5, reference 5; 1 of 6 entries are outside the tolerance", v.Summary);
        Assert.StartsWith("✘ Exercise 9 · demo: not yet. Largest difference 0.5 at [1, 1]", v.ToString());

        var close = Quiet(() => Exercise.Check("t", () => new[] { 1.0 + 1e-4 }, new[] { 1.0 }, tolerance: 1e-3));
        Assert.True(close.IsCorrect);
        var tight = Quiet(() => Exercise.Check("t", () => new[] { 1.0 + 1e-4 }, new[] { 1.0 }, tolerance: 1e-6));
        Assert.False(tight.IsCorrect);
        // The tolerance grows with the reference's size: 1e-6 · (1 + |r|).
        Assert.True(Quiet(() => Exercise.Check("t", () => 1e6 + 0.5, 1e6)).IsCorrect);
        Assert.False(Quiet(() => Exercise.Check("t", () => 1e6 + 2.5, 1e6)).IsCorrect);
    }

    [Fact]
    public void Shape_sign_and_transpose_mistakes_get_hints()
    {
        var shape = Quiet(() => Exercise.Check("t", () => new double[3, 2], new double[2, 3]));
        Assert.Contains("shape [3, 2] but the reference has shape [2, 3]", shape.Summary);
        Assert.Contains(shape.Details, d => d.Contains("transposed"));

        var sign = Quiet(() => Exercise.Check("t", () => Ref.Select(x => -x).ToArray(), Ref));
        Assert.Contains(sign.Details, d => d.Contains("opposite sign"));

        var t = Quiet(() => Exercise.Check("t", () => new double[,] { { 1, 3 }, { 2, 4 } }, new double[,] { { 1, 2 }, { 3, 4 } }));
        Assert.Contains(t.Details, d => d.Contains("transposed"));

        var nan = Quiet(() => Exercise.Check("t", () => new[] { 0.5, double.NaN, 3 }, Ref));
        Assert.Contains("NaN at [1]", nan.Summary);
        var wrongType = Quiet(() => Exercise.Check("t", () => "0.5", Ref));
        Assert.Contains("expected numbers of shape [3], got String", wrongType.Summary);
        var nothing = Quiet(() => Exercise.Check<double[]?>("t", () => null, Ref));
        Assert.Contains("null", nothing.Summary);
    }

    [Fact]
    public void Exact_values_and_sequences()
    {
        Assert.True(Quiet(() => Exercise.Check("t", () => 42L, 42L)).IsCorrect);
        Assert.Contains("expected 42, got 41", Quiet(() => Exercise.Check("t", () => 41L, 42L)).Summary);
        Assert.True(Quiet(() => Exercise.Check("t", () => "abc", "abc")).IsCorrect);
        Assert.Contains("first difference at position 2: yours 9, reference 3", Quiet(() => Exercise.Check("t", () => new[] { 1, 2, 9, 4 }, new[] { 1, 2, 3, 4 })).Summary);
        Assert.Contains("yours has 2 items, the reference 3", Quiet(() => Exercise.Check("t", () => new List<int> { 1, 2 }, new[] { 1, 2, 3 })).Summary);
        Assert.True(Quiet(() => Exercise.Check("t", () => new List<string> { "a", "b" }, new[] { "a", "b" })).IsCorrect);
    }

    [Fact]
    public void Tuples_are_checked_part_by_part_with_names()
    {
        var reference = (new[] { 1.0, 2 }, new[] { 3.0 }, 7);
        Assert.True(Quiet(() => Exercise.Check("t", () => (new[] { 1.0, 2 }, new[] { 3.0 }, 7), reference)).IsCorrect);
        var v = Quiet(() => Exercise.Check("t", () => (new[] { 1.0, 2 }, new[] { 3.5 }, 7), reference, parts: ["dz", "daPrev", "count"]));
        Assert.StartsWith("part 2 (daPrev): ", v.Summary);
        var count = Quiet(() => Exercise.Check("t", () => (1.0, 2.0), reference));
        Assert.Contains("expected 3 results together", count.Summary);
    }

    [Fact]
    public void Unstarted_throwing_and_broken_checks_never_throw()
    {
        static double[] Stub() => throw new NotImplementedException();
        var stub = Quiet(() => Exercise.Check("t", Stub, Ref));
        Assert.Equal(VerdictStatus.NotAttempted, stub.Status);
        // Wrapped the way reflection and tasks wrap exceptions: still "not attempted".
        var wrapped = Quiet(() => Exercise.Check<double[]>("t", () => throw new TargetInvocationException(new AggregateException(new NotImplementedException())), Ref));
        Assert.Equal(VerdictStatus.NotAttempted, wrapped.Status);

        static double[] Crash() { var a = new double[2]; return [a[5]]; }
        var crash = Quiet(() => Exercise.Check("t", Crash, Ref));
        Assert.Equal(VerdictStatus.NotYet, crash.Status);
        Assert.Contains("IndexOutOfRangeException", crash.Summary);
        Assert.Contains(crash.Details, d => d.Contains(nameof(Crash)));

        var broken = Quiet(() => Exercise.Check<double[], double[]>("t", () => Ref, () => throw new InvalidOperationException("no weights")));
        Assert.Equal(VerdictStatus.CheckError, broken.Status);
        Assert.Contains("no weights", broken.Summary);

        var noTrials = Quiet(() => Exercise.CheckFunction("t", s => s, s => s, s => s, trials: 0));
        Assert.Equal(VerdictStatus.CheckError, noTrials.Status);
        var nullAnswer = Quiet(() => Exercise.Check("t", (Func<double[]>)null!, Ref));
        Assert.Equal(VerdictStatus.NotYet, nullAnswer.Status);
    }

    [Fact]
    public void A_function_is_tried_on_seeded_inputs_and_the_first_failure_names_its_seed()
    {
        static double[] Input(int seed) => Enumerable.Range(0, 1 + seed).Select(i => (double)i * seed).ToArray();
        static double[] Doubled(double[] x) => x.Select(v => 2 * v).ToArray();
        var right = Quiet(() => Exercise.CheckFunction("f", Input, Doubled, Doubled, trials: 4));
        Assert.True(right.IsCorrect);
        Assert.Contains("all 4 test inputs", right.Summary);

        // Right on short inputs only: fails on the first input longer than 3, which is seed 3.
        var partly = Quiet(() => Exercise.CheckFunction("f", Input, x => x.Length > 3 ? x : Doubled(x), Doubled, trials: 5));
        Assert.Equal(VerdictStatus.NotYet, partly.Status);
        Assert.StartsWith("on test input 3 of 5 (seed 3): ", partly.Summary);

        // The answer may scribble on its input: the reference gets a fresh one.
        var scribbled = Quiet(() => Exercise.CheckFunction("f", Input, x => { var d = Doubled(x); Array.Clear(x); return d; }, Doubled));
        Assert.True(scribbled.IsCorrect);

        var stub = Quiet(() => Exercise.CheckFunction<double[], double[]>("f", Input, _ => throw new NotImplementedException(), Doubled));
        Assert.Equal(VerdictStatus.NotAttempted, stub.Status);
        var exact = Quiet(() => Exercise.CheckFunction("count", s => s, s => s * 2 + (s == 2 ? 1 : 0), s => s * 2, trials: 3));
        Assert.Contains("(seed 2): expected 4, got 5", exact.Summary);
    }

    [Fact]
    public void Verdicts_print_parse_back_and_display()
    {
        var writer = new StringWriter();
        var previous = Exercise.Output;
        Exercise.Output = writer;
        Verdict v;
        try { v = Exercise.Check("Exercise 1 · x: y", () => new[] { 1.0, 2 }, new[] { 1.0, 3 }); }
        finally { Exercise.Output = previous; }
        Assert.Equal(v + Environment.NewLine, writer.ToString());
        var found = Verdict.FindAll("noise\n" + writer + "✔ Exercise 2: correct. Fine.\n○ E3: not attempted yet. Later.\n⚠ E4: could not check. Bug.\n");
        Assert.Equal([("Exercise 1 · x: y", VerdictStatus.NotYet), ("Exercise 2", VerdictStatus.Correct),
                      ("E3", VerdictStatus.NotAttempted), ("E4", VerdictStatus.CheckError)], found);
        Assert.False(Verdict.TryParse("Exercise 1: correct.", out _, out _));

        var bundle = FormatterConvention.FormatAll(v);
        Assert.Equal(["text/html", "text/plain"], bundle.Select(b => b.Key));
        Assert.Contains("wb-verdict", bundle[0].Value);
        Assert.Contains("not yet", bundle[0].Value);
        Assert.Equal(v.ToString(), bundle[1].Value);
    }
}
