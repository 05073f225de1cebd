// Solutions to the exercises of notebooks/04-gru-and-lstm.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: gates-ex1 ====
// Exercise 1: the parameter count of a simplified GRU cell with n_x inputs and n_a hidden units.
// Two blocks (z, n), each with W_i [n_a, n_x], W_h [n_a, n_a] and two bias vectors [n_a].
long SimplifiedGruParameters(int nx, int na)
{
    return 2L * ((long)na * nx + (long)na * na + 2L * na);
}

// ==== exercise: gates-ex2 ====
// Exercise 2: wih [2·n_a, n_x], whh [2·n_a, n_a], bih and bhh [2·n_a], x = x<t> [n_x], aPrev = a<t-1> [n_a]. Return a<t> [n_a].
double[] SimplifiedGruStep(double[,] wih, double[,] whh, double[] bih, double[] bhh, double[] x, double[] aPrev)
{
    int na = aPrev.Length, nx = x.Length;
    // Row r of W_i x + b_i + W_h a<t-1> + b_h.
    double Pre(int r)
    {
        double v = bih[r] + bhh[r];
        for (int k = 0; k < nx; k++) v += wih[r, k] * x[k];
        for (int j = 0; j < na; j++) v += whh[r, j] * aPrev[j];
        return v;
    }
    var a = new double[na];
    for (int i = 0; i < na; i++)
    {
        double z = 1 / (1 + Math.Exp(-Pre(i)));          // block z: the share of the old state kept
        double cand = Math.Tanh(Pre(na + i));             // block n: c̃<t>, seeing the whole a<t-1> (Γr = 1)
        a[i] = (1 - z) * cand + z * aPrev[i];
    }
    return a;
}

// ==== exercise: gates-ex3 ====
// Exercise 3: one LSTM step backward. Forward values (each [n_a]): gu = Γu, gf = Γf, go = Γo, cand = c̃<t>, cPrev = c<t-1>, c = c<t>;
// whh [4·n_a, n_a] in blocks i, f, g, o; da = ∂L/∂a<t>, dc = ∂L/∂c<t> from later steps. Return (∂L/∂a<t-1>, ∂L/∂c<t-1>).
(double[] daPrev, double[] dcPrev) LstmStepBackward(double[] gu, double[] gf, double[] go, double[] cand, double[] cPrev, double[] c,
                                                      double[,] whh, double[] da, double[] dc)
{
    int na = c.Length;
    var dz = new double[4 * na];                          // ∂L/∂ pre-activations, blocks i, f, g, o
    var dcPrev = new double[na];
    for (int u = 0; u < na; u++)
    {
        double tc = Math.Tanh(c[u]);
        double dcTotal = dc[u] + da[u] * go[u] * (1 - tc * tc);  // direct, plus through a<t> = Γo ⊙ tanh(c<t>)
        dcPrev[u] = dcTotal * gf[u];                               // c<t> = Γu ⊙ c̃ + Γf ⊙ c<t-1>
        dz[u] = dcTotal * cand[u] * gu[u] * (1 - gu[u]);           // Γu = σ(z_i)
        dz[na + u] = dcTotal * cPrev[u] * gf[u] * (1 - gf[u]);     // Γf = σ(z_f)
        dz[2 * na + u] = dcTotal * gu[u] * (1 - cand[u] * cand[u]); // c̃ = tanh(z_g)
        dz[3 * na + u] = da[u] * tc * go[u] * (1 - go[u]);         // Γo = σ(z_o)
    }
    var daPrev = new double[na];
    for (int j = 0; j < na; j++)
        for (int r = 0; r < 4 * na; r++) daPrev[j] += whh[r, j] * dz[r];   // W_hhᵀ dz
    return (daPrev, dcPrev);
}
