using Workbench.Tensors;

namespace Workbench.NN;

/// <summary>Zeroes activations with probability p while training (torch.nn.Dropout); the identity in eval mode.</summary>
public sealed class Dropout(float p = 0.5f, Generator? generator = null) : Module<Tensor, Tensor>
{
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p must be in [0, 1).");

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator);

    protected override string ExtraRepr() => $"p={P}";
}
