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

    internal static void Check(double ratio, string name)
    {
        if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(name, ratio, "teacher forcing: the ratio must be in [0, 1].");
    }
}
