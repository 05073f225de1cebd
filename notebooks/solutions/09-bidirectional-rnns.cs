// Solutions to the exercises of notebooks/09-bidirectional-rnns.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: brnn-ex1 ====
// Exercise 1: forward and backward are one-direction LSTMs holding the two directions' weights; x is [1, T, n_x].
// Return the bidirectional output [1, T, 2·n_a]: at step t, the forward state then the backward state.
Tensor BidirectionalOutput(LSTM forward, LSTM backward, Tensor x)
{
    int steps = x.Size(1);
    var reversedSteps = Enumerable.Range(0, steps).Reverse().ToArray();
    var left = forward.Forward(x).Output;                                   // →a<1> … →a<T>
    var right = backward.Forward(x.IndexSelect(1, reversedSteps)).Output    // ←a<T> … ←a<1>: read right to left
        .IndexSelect(1, reversedSteps);                                     // back in step order: ←a<1> … ←a<T>
    return Tensor.Cat([left, right], dim: 2);                              // [→a<t> ; ←a<t>]
}

// ==== exercise: brnn-ex2 ====
// Exercise 2: output is the bidirectional layer's output for one sequence, [T, 2·n_a] row-major (forward half first).
// Return [2·n_a]: the forward direction's final state, then the backward direction's final state.
float[] FinalStates(float[] output, int steps, int hidden)
{
    var final = new float[2 * hidden];
    Array.Copy(output, (steps - 1) * 2 * hidden, final, 0, hidden);   // forward: the last step, first half
    Array.Copy(output, hidden, final, hidden, hidden);                 // backward: the first step, second half
    return final;
}
