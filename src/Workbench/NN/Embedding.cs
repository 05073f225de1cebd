using Workbench.Tensors;

namespace Workbench.NN;

/// <summary>
/// A lookup table of token vectors (torch.nn.Embedding): weight [num_embeddings, embedding_dim], N(0, 1)
/// at start. Multiplying a one-hot vector by the weight picks one row; this does the same without the
/// product. Token ids outside the table throw, naming the id.
/// </summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public int NumEmbeddings { get; }
    public int EmbeddingDim { get; }
    public int? PaddingIdx { get; }
    public Tensor Weight { get; }

    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0) throw new ArgumentOutOfRangeException(nameof(numEmbeddings), $"Embedding({numEmbeddings}, {embeddingDim}): sizes must be positive.");
        if (paddingIdx is int p && (p < 0 || p >= numEmbeddings)) throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Embedding: padding_idx {p} is outside 0..{numEmbeddings - 1}.");
        (NumEmbeddings, EmbeddingDim, PaddingIdx) = (numEmbeddings, embeddingDim, paddingIdx);
        Weight = RegisterParameter("weight", Init.Normal(Tensor.Zeros(numEmbeddings, embeddingDim), 0f, 1f, generator));
        if (paddingIdx is int pi) Weight.AsSpan().Slice(pi * embeddingDim, embeddingDim).Clear();   // the padding row stays zero
    }

    /// <summary>ids laid out row-major in <paramref name="shape"/> (e.g. [B, T]) to [..shape, E].
    /// With no shape, a 1-D list of ids.</summary>
    public Tensor Forward(int[] ids, params int[] shape) =>
        Functional.Embedding(Weight, ids, shape.Length == 0 ? [ids.Length] : shape, PaddingIdx);

    public Tensor Forward(int[,] ids)
    {
        var flat = new int[ids.Length];
        Buffer.BlockCopy(ids, 0, flat, 0, flat.Length * sizeof(int));
        return Forward(flat, ids.GetLength(0), ids.GetLength(1));
    }

    /// <summary>ids given as a float tensor of whole numbers (torch-style index tensor).</summary>
    public override Tensor Forward(Tensor ids)
    {
        var v = ids.Values;
        var flat = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] != MathF.Round(v[i])) throw new ArgumentException($"embedding: id tensor holds {v[i]} at position {i}, not a whole number.");
            flat[i] = (int)v[i];
        }
        return Functional.Embedding(Weight, flat, ids.Rank == 0 ? [1] : ids.Shape, PaddingIdx);
    }

    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}{(PaddingIdx is int p ? $", padding_idx={p}" : "")}";
}
