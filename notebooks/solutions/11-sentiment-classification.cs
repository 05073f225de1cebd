// Solutions to the exercises of notebooks/11-sentiment-classification.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: senti-ex1 ====
// Exercise 1: masked mean pooling. outputs: [batch, steps, hidden] row-major; lengths[b] in 1..steps.
// Return [batch, hidden]: for each sentence the mean of its first lengths[b] output vectors.
float[] MeanPool(float[] outputs, int batch, int steps, int hidden, int[] lengths)
{
    var pooled = new float[batch * hidden];
    for (int b = 0; b < batch; b++)
    {
        for (int t = 0; t < lengths[b]; t++)            // the real words only: padded steps never count
            for (int h = 0; h < hidden; h++)
                pooled[b * hidden + h] += outputs[(b * steps + t) * hidden + h];
        for (int h = 0; h < hidden; h++) pooled[b * hidden + h] /= lengths[b];   // divide by T_x, not by steps
    }
    return pooled;
}

// ==== exercise: senti-ex2 ====
// Exercise 2: early stopping. validLosses[e - 1] is the validation loss after epoch e; at most validLosses.Length epochs.
// Return (the epoch training stops after, the epoch whose weights are restored).
(int StopEpoch, int RestoredEpoch) EarlyStopping(double[] validLosses, int patience)
{
    double best = double.PositiveInfinity;
    int bestEpoch = 0, sinceBest = 0;
    for (int epoch = 1; epoch <= validLosses.Length; epoch++)
    {
        if (validLosses[epoch - 1] < best) { best = validLosses[epoch - 1]; bestEpoch = epoch; sinceBest = 0; }
        else if (++sinceBest >= patience) return (epoch, bestEpoch);   // patience epochs in a row without a new best
    }
    return (validLosses.Length, bestEpoch);
}
