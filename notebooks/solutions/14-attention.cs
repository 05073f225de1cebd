// Solutions to the exercises of notebooks/14-attention.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: att-ex1 ====
// Exercise 1: dot attention for one query s over keys a[t'] (all of size K): (scores e, weights α, context c).
(double[] Scores, double[] Weights, double[] Context) DotAttention(double[] s, double[][] a)
{
    var e = a.Select(at => at.Zip(s, (x, y) => x * y).Sum()).ToArray();        // e<t'> = sᵀ a<t'>
    double max = e.Max();
    var exp = e.Select(x => Math.Exp(x - max)).ToArray();                      // shifted: the softmax is unchanged
    var alpha = exp.Select(x => x / exp.Sum()).ToArray();
    var c = new double[s.Length];
    for (int t = 0; t < a.Length; t++)
        for (int k = 0; k < c.Length; k++) c[k] += alpha[t] * a[t][k];          // c = Σ α<t'> a<t'>
    return (e, alpha, c);
}

// ==== exercise: att-ex2 ====
// Exercise 2: additive scores e<t'> = vᵀ tanh(W_q s + W_k a<t'>) for t' = 1..T_x.
double[] AdditiveScores(double[,] wq, double[,] wk, double[] v, double[] s, double[][] a)
{
    int att = v.Length;
    var q = new double[att];                                                     // W_q s, the same for every t'
    for (int i = 0; i < att; i++) for (int j = 0; j < s.Length; j++) q[i] += wq[i, j] * s[j];
    return a.Select(at =>
    {
        double e = 0;
        for (int i = 0; i < att; i++)
        {
            double k = 0;
            for (int j = 0; j < at.Length; j++) k += wk[i, j] * at[j];           // W_k a<t'>
            e += v[i] * Math.Tanh(q[i] + k);
        }
        return e;
    }).ToArray();
}

// ==== exercise: att-ex3 ====
// Exercise 3: softmax over scores[0..length), exactly 0 at the padded positions scores[length..].
double[] MaskedSoftmax(double[] scores, int length)
{
    double max = scores.Take(length).Max();
    var weights = new double[scores.Length];
    double sum = 0;
    for (int i = 0; i < length; i++) sum += weights[i] = Math.Exp(scores[i] - max);
    for (int i = 0; i < length; i++) weights[i] /= sum;
    return weights;
}
