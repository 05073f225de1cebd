// Solutions to the exercises of notebooks/06-sentence-probability.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: sp-ex1 ====
// Exercise 1: log P(ids) by the chain rule. Read start, y<1>, ..., y<T>; add log P(y<1>), ..., log P(y<T>), log P(end).
double ChainRuleLogProb(RecurrentLanguageModel model, int[] ids, int start, int end)
{
    LanguageModelState? state = null;   // a<0> = 0
    int previous = start;               // x<1>: the token every training text followed
    double logP = 0;
    foreach (int next in ids.Append(end))
    {
        var (logProbs, after) = model.Step(state, [previous]);   // log ŷ<t> over the vocabulary
        logP += logProbs[next];                                  // log P(y<t> | everything read so far)
        (state, previous) = (after, next);                       // teacher forcing: read the true token next
    }
    return logP;
}

// ==== exercise: sp-ex2 ====
// Exercise 2: log P(continuation | start, prefix). No end token.
double ContinuationLogProb(RecurrentLanguageModel model, int[] prefix, int[] continuation, int start)
{
    LanguageModelState? state = null;
    int previous = start;
    foreach (int token in prefix)   // read the prefix: its probabilities are not counted
    {
        state = model.Step(state, [previous]).State;
        previous = token;
    }
    double logP = 0;
    foreach (int next in continuation)
    {
        var (logProbs, after) = model.Step(state, [previous]);
        logP += logProbs[next];
        (state, previous) = (after, next);
    }
    return logP;
}
