using Workbench.Data;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// Schedules of the teacher-forcing ratio by epoch (1-based, as the Trainer counts): the probability that the
/// decoder is fed the gold previous token rather than its own prediction. Starting at 1 and decaying exposes the
/// model gradually to its own mistakes (scheduled sampling, Bengio et al., 2015).
/// </summary>
public static class TeacherForcing
{
    public static Func<int, double> Constant(double ratio)
    {
        Check(ratio, nameof(ratio));
        return _ => ratio;
    }

    /// <summary>From <paramref name="start"/> at epoch 1 to <paramref name="end"/> at epoch
    /// <paramref name="epochs"/>, in equal steps; <paramref name="end"/> after that.</summary>
    public static Func<int, double> Linear(double start, double end, int epochs)
    {
        Check(start, nameof(start)); Check(end, nameof(end));
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "teacher forcing: the decay needs at least 1 epoch.");
        return epoch => epochs == 1 ? (epoch <= 1 ? start : end)
            : start + (end - start) * Math.Clamp((epoch - 1) / (double)(epochs - 1), 0.0, 1.0);
    }

    /// <summary>Bengio et al.'s inverse sigmoid decay k / (k + exp(epoch / k)), k >= 1: larger k decays later.</summary>
    public static Func<int, double> InverseSigmoid(double k)
    {
        if (!(k >= 1)) throw new ArgumentOutOfRangeException(nameof(k), k, "teacher forcing: inverse sigmoid decay needs k >= 1.");
        return epoch => k / (k + Math.Exp(epoch / k));
    }

    /// <summary>
    /// Which decoder inputs are gold: [row, step] is true when row reads the gold previous token at that step, false
    /// when it reads its own prediction. Step 0 always reads &lt;bos&gt;; the other coins come from
    /// <paramref name="generator"/> in step-major order, one per row and step, and only when 0 &lt; ratio &lt; 1.
    /// </summary>
    public static bool[,] Coins(int batch, int steps, double ratio, Generator? generator)
    {
        Check(ratio, nameof(ratio));
        var gold = new bool[batch, steps];
        for (int t = 0; t < steps; t++)
            for (int r = 0; r < batch; r++)
                gold[r, t] = t == 0 || ratio >= 1 || (ratio > 0 && (generator ?? throw new ArgumentNullException(nameof(generator),
                    $"teacher forcing: ratio {ratio} draws coins; pass a Generator so runs are reproducible.")).NextDouble() < ratio);
        return gold;
    }

    /// <summary>
    /// Runs a decoder over a whole target under teacher forcing, the one loop of every engine's seq2seq model. The
    /// decoder reads at step t: &lt;bos&gt; at t = 0, then per row the gold token y&lt;t-1&gt; or, where <see cref="Coins"/>
    /// says so, its own greedy prediction ŷ&lt;t-1&gt;. Consecutive steps whose inputs are all known run as one block:
    /// the whole target when every input is gold, one step at a time when none is.
    /// </summary>
    /// <param name="target">The targets [B, T_y] (each followed by its end token).</param>
    /// <param name="decode">Runs the decoder over a block of steps, carrying its state.</param>
    /// <param name="lastPredictions">Each row's argmax at the last step <paramref name="decode"/> ran.</param>
    /// <returns>The tokens actually fed, [B, T_y] row-major.</returns>
    public static int[] Unroll(SequenceBatch target, int bosId, double ratio, Generator? generator,
        Action<SequenceBatch> decode, Func<int[]> lastPredictions)
    {
        ArgumentNullException.ThrowIfNull(target); ArgumentNullException.ThrowIfNull(decode); ArgumentNullException.ThrowIfNull(lastPredictions);
        int b = target.BatchSize, ty = target.Length;
        var inputs = new int[b * ty];
        for (int r = 0; r < b; r++)
        {
            inputs[r * ty] = bosId;
            Array.Copy(target.Ids, r * ty, inputs, r * ty + 1, ty - 1);
        }
        var fed = new SequenceBatch(inputs, b, ty, target.Lengths, target.PadId);
        var gold = Coins(b, ty, ratio, generator);
        for (int t = 0; t < ty;)
        {
            int n = 1;
            while (t + n < ty && Enumerable.Range(0, b).All(r => gold[r, t + n])) n++;
            decode(n == ty ? fed : fed.Steps(t, n));
            t += n;
            if (t == ty) break;
            var predicted = lastPredictions();
            for (int r = 0; r < b; r++)
                if (!gold[r, t]) inputs[r * ty + t] = predicted[r];
        }
        return inputs;
    }

    /// <summary>The checks of every engine's teacher-forced forward pass, before any work: the ratio in [0, 1], a
    /// generator when the ratio draws coins, as many targets as sources.</summary>
    public static void CheckForward(Seq2SeqBatch batch, double ratio, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Check(ratio, "teacherForcingRatio");
        if (ratio is > 0 and < 1 && generator is null)
            throw new ArgumentNullException(nameof(generator), $"seq2seq: teacher forcing ratio {ratio} draws coins; pass a Generator so runs are reproducible.");
        if (batch.Target.BatchSize != batch.Source.BatchSize)
            throw new ArgumentException($"seq2seq: batch has {batch.Source.BatchSize} sources but {batch.Target.BatchSize} targets.", nameof(batch));
    }

    internal static void Check(double ratio, string name)
    {
        if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(name, ratio, "teacher forcing: the ratio must be in [0, 1].");
    }
}
