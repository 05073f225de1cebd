using Workbench.NN;
using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>Luong's general score sᵀ W h, with W [Q, K] stored as the Linear "W" (W h precomputed per source).</summary>
public sealed class GeneralAttention : Attention
{
    public Linear W { get; }

    public GeneralAttention(int querySize, int keySize, Generator? generator = null) : base(querySize, keySize) =>
        W = RegisterModule("W", new Linear(keySize, querySize, bias: false, generator: generator));

    protected override Tensor ProjectKeys(Tensor keys) => W.Forward(keys);

    protected override Tensor Score(Tensor queries, Tensor projected) => Tensor.MatMul(queries, projected, transposeB: true);
}
