// Solutions to the exercises of notebooks/13-input-reversal.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: rev-ex1 ====
// Exercise 1: reverse the first lengths[b] ids of each row b of a row-major [batch, time] array; padding stays put.
int[] ReverseValid(int[] ids, int batch, int time, int[] lengths)
{
    var reversed = (int[])ids.Clone();
    for (int b = 0; b < batch; b++)
        for (int t = 0; t < lengths[b]; t++)
            reversed[b * time + t] = ids[b * time + lengths[b] - 1 - t];
    return reversed;
}

// ==== exercise: rev-ex2 ====
// Exercise 2: (normal, reversed) distance in steps between reading x<t> and writing y<t>, for 1 <= t <= T_x.
// Normal order reads x<t> at encoder step t: (T_x - t) encoder steps remain, then t decoder steps: T_x in all.
// Reversed order reads it at step T_x + 1 - t: (t - 1) encoder steps remain, then t decoder steps: 2t - 1.
(int Normal, int Reversed) Distance(int tx, int t)
{
    return (tx, 2 * t - 1);
}

// ==== exercise: rev-ex3 ====
// Exercise 3: parameters of Embedding(vocab, ne) followed by an L-layer LSTM with na hidden units.
long DeepLstmEncoderParameters(int vocab, int ne, int na, int layers)
{
    long total = (long)vocab * ne;
    for (int l = 0; l < layers; l++)
    {
        int input = l == 0 ? ne : na;
        total += 4L * na * input + 4L * na * na + 2 * 4L * na;   // weight_ih, weight_hh, bias_ih, bias_hh
    }
    return total;
}
