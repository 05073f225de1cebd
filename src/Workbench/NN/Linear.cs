using Workbench.Tensors;

namespace Workbench.NN;

/// <summary>
/// y = x Wᵀ + b over the last dimension (torch.nn.Linear). weight: [out_features, in_features],
/// bias: [out_features]; both start U(-1/√in, 1/√in) as in PyTorch.
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear({inFeatures}, {outFeatures}): sizes must be positive.");
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Init.Uniform(Tensor.Zeros(outFeatures, inFeatures), -bound, bound, generator));
        if (bias) Bias = RegisterParameter("bias", Init.Uniform(Tensor.Zeros(outFeatures), -bound, bound, generator));
    }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Bias is not null}";
}

