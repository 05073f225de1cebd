using Workbench.Tensors;

namespace Workbench.Autograd;

/// <summary>
/// Compares autograd gradients with central finite differences. The scalar probed is
/// L = Σ out ⊙ R for a fixed random R (so every output element matters), accumulated in double precision
/// because float32 sums are too coarse for differences of nearby values.
/// </summary>
public static class GradCheck
{
    public sealed record Result(bool Passed, double MaxAbsError, double MaxRelError, string Worst, int Checked)
    {
        public override string ToString() =>
            $"{(Passed ? "passed" : "FAILED")}: {Checked} partials, max abs error {MaxAbsError:E2}, max rel error {MaxRelError:E2}; worst {Worst}";
    }

    /// <summary>Checks d f(inputs) / d inputs for every element of every input (inputs become leaves that
    /// require gradients). <paramref name="f"/> must be deterministic: re-seed any randomness inside it.</summary>
    public static Result Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double atol = 2e-3, double rtol = 2e-2, long seed = 0)
    {
        foreach (var x in inputs) { x.RequiresGrad = true; x.Grad = null; }
        var output = f(inputs);
        var r = Tensor.Randn(output.Shape, new Generator(seed));
        output.Backward(r);
        var rv = r.ToArray();

        double Objective()
        {
            using var _ = new NoGrad();
            var o = f(inputs).Values;
            double s = 0;
            for (int i = 0; i < o.Length; i++) s += (double)o[i] * rv[i];
            return s;
        }

        double maxAbs = 0, maxRel = 0; string worst = "none"; bool ok = true; int count = 0;
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k].AsSpan();
            var analytic = inputs[k].Grad?.ToArray() ?? new float[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                float orig = x[i];
                x = inputs[k].AsSpan(); x[i] = (float)(orig + eps);
                double plus = Objective();
                x = inputs[k].AsSpan(); x[i] = (float)(orig - eps);
                double minus = Objective();
                x = inputs[k].AsSpan(); x[i] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double abs = Math.Abs(numeric - analytic[i]), rel = abs / Math.Max(Math.Abs(numeric), 1e-8);
                count++;
                bool good = abs <= atol + rtol * Math.Abs(numeric);
                if (abs > maxAbs || (!good && ok))
                {
                    maxAbs = Math.Max(maxAbs, abs);
                    worst = $"input {k} element {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}";
                }
                maxRel = Math.Max(maxRel, abs > atol ? rel : 0);
                ok &= good;
            }
        }
        return new Result(ok, maxAbs, maxRel, worst, count);
    }
}
