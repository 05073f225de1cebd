// Solutions to the exercises of notebooks/10-deep-rnns.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: deep-ex1 ====
// Exercise 1: the number of parameters of GRU(nx, na, numLayers: layers, bidirectional: bidirectional).
long GruParameterCount(int nx, int na, int layers, bool bidirectional)
{
    int directions = bidirectional ? 2 : 1;
    long total = 0;
    for (int l = 0; l < layers; l++)
    {
        long input = l == 0 ? nx : (long)directions * na;           // layer 1 reads x, the others the layer below
        long perDirection = 3L * na * input + 3L * na * na + 2 * 3L * na;   // weight_ih, weight_hh, bias_ih + bias_hh
        total += directions * perDirection;
    }
    return total;
}

// ==== exercise: deep-ex2 ====
// Exercise 2: lower and upper are one-layer LSTMs holding layer 1's and layer 2's weights; x is [1, T, n_x].
// Return the two-layer LSTM's output [1, T, n_a].
Tensor TwoLayerOutput(LSTM lower, LSTM upper, Tensor x)
{
    var a1 = lower.Forward(x).Output;    // a^[1]<1> … a^[1]<T>: layer 1's states at every step
    return upper.Forward(a1).Output;     // layer 2 reads them as its input sequence
}
