// Solutions to the exercises of notebooks/07-sampling.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: gen-ex1 ====
// Exercise 1: the distribution after temperature, top-k and top-p. Return one probability per token.
double[] ReshapedDistribution(float[] logProbs, double temperature, int topK, double topP)
{
    int v = logProbs.Length;
    // P_τ(k) ∝ exp(log ŷ_k / τ), shifted by the largest value so Math.Exp cannot overflow.
    double max = logProbs.Max() / temperature;
    var p = logProbs.Select(lp => Math.Exp(lp / temperature - max)).ToArray();
    double sum = p.Sum();
    for (int k = 0; k < v; k++) p[k] /= sum;

    // Most likely first; equal probabilities keep the smaller id first.
    var ranked = Enumerable.Range(0, v).OrderByDescending(k => p[k]).ThenBy(k => k).ToArray();
    int keep = topK > 0 ? Math.Min(topK, v) : v;
    if (topP < 1)
    {
        double mass = 0;
        int n = 0;
        while (n < keep)
        {
            mass += p[ranked[n++]];
            if (mass >= topP) break;
        }
        keep = n;
    }
    var q = new double[v];
    double kept = 0;
    for (int r = 0; r < keep; r++) kept += q[ranked[r]] = p[ranked[r]];
    for (int k = 0; k < v; k++) q[k] /= kept;
    return q;
}

// ==== exercise: gen-ex2 ====
// Exercise 2: the token that u selects from the distribution q (probabilities in token-id order).
int InverseCdf(double[] q, double u)
{
    double running = 0;
    int last = -1;
    for (int k = 0; k < q.Length; k++)
    {
        if (q[k] == 0) continue;       // a token with probability 0 is never drawn
        running += q[k];
        last = k;
        if (u < running) return k;
    }
    return last;                       // rounding left u at or above the total
}

// ==== exercise: gen-ex3 ====
// Exercise 3: Pearson's r of two equally long series.
double Pearson(double[] x, double[] y)
{
    int n = x.Length;
    double mx = x.Average(), my = y.Average();
    double sxy = 0, sxx = 0, syy = 0;
    for (int t = 0; t < n; t++)
    {
        double dx = x[t] - mx, dy = y[t] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
}
