namespace Workbench.Optim;

/// <summary>Sets the optimizer's learning rate as a function of the epoch (or step) counter; call
/// <see cref="Step"/> once per epoch, after the optimizer's steps, as in torch.optim.lr_scheduler.</summary>
public abstract class LRScheduler(Optimizer optimizer)
{
    protected Optimizer Optimizer { get; } = optimizer;
    public int LastEpoch { get; private set; }

    public void Step()
    {
        LastEpoch++;
        Optimizer.LearningRate = RateAt(LastEpoch);
    }

    /// <summary>The learning rate after <paramref name="epoch"/> scheduler steps.</summary>
    public abstract float RateAt(int epoch);
}

/// <summary>Multiplies the rate by gamma every stepSize epochs.</summary>
public sealed class StepLR(Optimizer optimizer, int stepSize, float gamma = 0.1f) : LRScheduler(optimizer)
{
    public override float RateAt(int epoch) => Optimizer.InitialLearningRate * MathF.Pow(gamma, epoch / Math.Max(1, stepSize));
}

/// <summary>Multiplies the rate by gamma every epoch.</summary>
public sealed class ExponentialLR(Optimizer optimizer, float gamma) : LRScheduler(optimizer)
{
    public override float RateAt(int epoch) => Optimizer.InitialLearningRate * MathF.Pow(gamma, epoch);
}

/// <summary>Cosine decay from the initial rate to etaMin over tMax epochs (closed form of CosineAnnealingLR).</summary>
public sealed class CosineAnnealingLR(Optimizer optimizer, int tMax, float etaMin = 0f) : LRScheduler(optimizer)
{
    public override float RateAt(int epoch) =>
        etaMin + (Optimizer.InitialLearningRate - etaMin) * (1f + MathF.Cos(MathF.PI * Math.Min(epoch, tMax) / tMax)) / 2f;
}
