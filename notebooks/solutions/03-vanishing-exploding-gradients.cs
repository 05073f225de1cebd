// Solutions to the exercises of notebooks/03-vanishing-exploding-gradients.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: vanish-ex1 ====
// Exercise 1: grads[p] holds parameter p's gradient (rows may differ in length). Return the clipped gradients.
double[][] ClipByGlobalNorm(double[][] grads, double maxNorm)
{
    double norm = Math.Sqrt(grads.Sum(g => g.Sum(v => v * v)));   // ‖g‖₂ over every parameter at once
    if (norm <= maxNorm) return grads;
    double scale = maxNorm / norm;                                 // same factor everywhere: the direction is kept
    return grads.Select(g => g.Select(v => v * scale).ToArray()).ToArray();
}

// ==== exercise: vanish-ex2 ====
// Exercise 2: waa [n_a, n_a], a = a<t> [n_a]. Return J [n_a, n_a] with J[i, j] = ∂a<t>_i / ∂a<t-1>_j.
double[,] StepJacobian(double[,] waa, double[] a)
{
    int na = a.Length;
    var j = new double[na, na];
    for (int i = 0; i < na; i++)
        for (int k = 0; k < na; k++)
            j[i, k] = (1 - a[i] * a[i]) * waa[i, k];                 // diag(1 − a<t>²) W_aa: tanh' times the recurrent weight
    return j;
}
