// Solutions to the exercises of notebooks/12-encoder-decoder.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: ed-ex1 ====
// Exercise 1: the teacher-forcing ratio at epoch i (1-based) under inverse sigmoid decay with k >= 1.
double InverseSigmoidRatio(int epoch, double k)
{
    return k / (k + Math.Exp(epoch / k));   // k = 5: ε_i < 1/2 once exp(i/5) > 5, i.e. from epoch 9 (i > 5 ln 5 ≈ 8.05)
}

// ==== exercise: ed-ex2 ====
// Exercise 2: mean over the target tokens and <eos> of −log P(y<t> | y<1..t-1>, x), decoder fed the gold prefix.
double PairLoss(Seq2SeqModel model, int[] source, int[] target)
{
    var gold = target.Append(model.Config.EosId).ToArray();
    var state = model.Start(source);
    int previous = model.Config.BosId;
    double sum = 0;
    foreach (int token in gold)
    {
        var (logProbs, next) = model.Step(state, [previous]);
        sum -= logProbs[token];
        state = next;
        previous = token;   // teacher forcing: the gold token, whatever the model predicted
    }
    return sum / gold.Length;
}

// ==== exercise: ed-ex3 ====
// Exercise 3: (exact match, token accuracy) of predictions against references, both in 0..1.
(double ExactMatch, double TokenAccuracy) Scores(IReadOnlyList<int[]> predictions, IReadOnlyList<int[]> references)
{
    int exact = 0, right = 0, all = 0;
    for (int i = 0; i < references.Count; i++)
    {
        if (predictions[i].SequenceEqual(references[i])) exact++;
        all += references[i].Length;
        for (int t = 0; t < references[i].Length && t < predictions[i].Length; t++)
            if (predictions[i][t] == references[i][t]) right++;
    }
    return (exact / (double)references.Count, all == 0 ? 0 : right / (double)all);
}
