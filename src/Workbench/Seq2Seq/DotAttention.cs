using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>Luong's dot score sᵀ h: no parameters, so the decoder and encoder output sizes must agree
/// (a bidirectional encoder's outputs are twice the decoder's size: use general or additive attention there).</summary>
public sealed class DotAttention : Attention
{
    public DotAttention(int querySize, int keySize) : base(querySize, keySize)
    {
        if (querySize != keySize)
            throw new ArgumentException($"DotAttention: query size {querySize} must equal key size {keySize} (sᵀh); with a bidirectional encoder use general or additive attention.");
    }

    protected override Tensor Score(Tensor queries, Tensor keys) => Tensor.MatMul(queries, keys, transposeB: true);
}
