// Solutions to the exercises of notebooks/05-language-modelling.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: lm-ex1 ====
// Exercise 1: logits[t][k] is the score of token k at step t, targets[t] the token that came. Return the perplexity.
double PerplexityFromLogits(float[][] logits, int[] targets)
{
    double nll = 0;
    for (int t = 0; t < targets.Length; t++)
    {
        double max = logits[t].Max();                                    // log-sum-exp, shifted so exp cannot overflow
        double logSum = max + Math.Log(logits[t].Sum(z => Math.Exp(z - max)));
        nll -= logits[t][targets[t]] - logSum;                           // −log softmax(z<t>)[y<t>]
    }
    return Math.Exp(nll / targets.Length);
}

// ==== exercise: lm-ex2 ====
// Exercise 2: the add-one unigram perplexity of `valid` with counts from `train`; ids are 0 .. vocabSize − 1.
double UnigramPerplexity(int[] train, int[] valid, int vocabSize)
{
    var counts = new double[vocabSize];
    foreach (int id in train) counts[id]++;
    double total = train.Length + vocabSize;                             // N + V: every entry got one extra count
    double nll = valid.Sum(id => -Math.Log((counts[id] + 1) / total));
    return Math.Exp(nll / valid.Length);
}

// ==== exercise: lm-ex3 ====
// Exercise 3: the parameter count of RecurrentLanguageModel(cell, V, n_e, n_a), one layer.
long LanguageModelParameters(CellKind cell, int vocabSize, int embed, int hidden)
{
    long gates = cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };   // blocks stacked in weight_ih/weight_hh
    long embedding = (long)vocabSize * embed;                                      // one row of n_e per token
    long recurrent = gates * hidden * (embed + hidden) + 2 * gates * hidden;       // weight_ih, weight_hh, bias_ih, bias_hh
    long output = (long)vocabSize * hidden + vocabSize;                            // W_ya and b_y
    return embedding + recurrent + output;
}
