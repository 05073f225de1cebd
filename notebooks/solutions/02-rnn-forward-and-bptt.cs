// Solutions to the exercises of notebooks/02-rnn-forward-and-bptt.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: bptt-ex1 ====
// Exercise 1: the parameter count of RNN(n_x, n_a) plus Linear(n_a, n_y).
// weight_ih [n_a, n_x] + weight_hh [n_a, n_a] + bias_ih [n_a] + bias_hh [n_a], then weight [n_y, n_a] + bias [n_y].
long RnnParameterCount(int nx, int na, int ny)
{
    return (long)na * nx + (long)na * na + 2L * na + (long)ny * na + ny;
}

// ==== exercise: bptt-ex2 ====
// Exercise 2: one forward step. waa [n_a, n_a], wax [n_a, n_x], ba [n_a], aPrev = a<t-1> [n_a], x = x<t> [n_x].
// Return a<t> [n_a].
double[] RnnStepForward(double[,] waa, double[,] wax, double[] ba, double[] aPrev, double[] x)
{
    int na = ba.Length, nx = x.Length;
    var a = new double[na];
    for (int i = 0; i < na; i++)
    {
        double z = ba[i];
        for (int j = 0; j < na; j++) z += waa[i, j] * aPrev[j];   // W_aa a<t-1>
        for (int k = 0; k < nx; k++) z += wax[i, k] * x[k];       // W_ax x<t>
        a[i] = Math.Tanh(z);
    }
    return a;
}

// ==== exercise: bptt-ex3 ====
// Exercise 3: one BPTT step. waa [n_a, n_a], aPrev = a<t-1> [n_a], a = a<t> [n_a], da = ∂L/∂a<t> [n_a].
// Return (∂L/∂z<t>, ∂L/∂a<t-1>, this step's ∂L/∂W_aa term).
(double[] dz, double[] daPrev, double[,] dWaa) BpttStep(double[,] waa, double[] aPrev, double[] a, double[] da)
{
    int na = a.Length;
    var dz = new double[na];
    for (int i = 0; i < na; i++) dz[i] = da[i] * (1 - a[i] * a[i]);   // tanh' = 1 − tanh²
    var daPrev = new double[na];
    for (int j = 0; j < na; j++)
        for (int i = 0; i < na; i++) daPrev[j] += waa[i, j] * dz[i];     // W_aaᵀ dz
    var dWaa = new double[na, na];
    for (int i = 0; i < na; i++)
        for (int j = 0; j < na; j++) dWaa[i, j] = dz[i] * aPrev[j];     // dz a<t-1>ᵀ
    return (dz, daPrev, dWaa);
}
