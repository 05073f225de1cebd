// Solutions to the exercises of notebooks/15-decoding.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: dec-ex1 ====
// Exercise 1: log P / ((5 + |y|) / 6)^α.
// For α = 1 a 10-token output (divisor 15/6 = 2.5) ties with a 5-token one (divisor 10/6) when its log P is 1.5 times
// as large: it may lose half as much again.
double NormalisedScore(double logProb, int length, double alpha)
{
    return logProb / Math.Pow((5.0 + length) / 6.0, alpha);
}

// ==== exercise: dec-ex2 ====
// Exercise 2: the sampling distribution under temperature T and top-k (k = 0: no cut), as probabilities over the vocabulary.
double[] SamplingDistribution(float[] logProbs, double temperature, int topK)
{
    var scaled = logProbs.Select(lp => lp / temperature).ToArray();
    double max = scaled.Max();
    var p = scaled.Select(x => Math.Exp(x - max)).ToArray();
    double sum = p.Sum();
    for (int i = 0; i < p.Length; i++) p[i] /= sum;
    int keep = topK > 0 ? Math.Min(topK, p.Length) : p.Length;
    var kept = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i).Take(keep).ToHashSet();
    double keptMass = kept.Sum(i => p[i]);
    return p.Select((x, i) => kept.Contains(i) ? x / keptMass : 0.0).ToArray();
}

// ==== exercise: dec-ex3 ====
// Exercise 3: greedy decoding; the output tokens end with eos when the model produced it.
int[] GreedyDecode(Seq2SeqModel model, int[] source, int maxLength)
{
    var state = model.Start(source);
    var tokens = new List<int>();
    int token = model.Config.BosId;
    while (tokens.Count < maxLength)
    {
        var (logProbs, next) = model.Step(state, [token]);
        state = next;
        token = Array.IndexOf(logProbs, logProbs.Max());   // the most likely token (the first one on a tie)
        tokens.Add(token);
        if (token == model.Config.EosId) break;
    }
    return tokens.ToArray();
}
