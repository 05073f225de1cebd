using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.NN;

/// <summary>Stateless layers and losses (torch.nn.functional).</summary>
public static class Functional
{
    /// <summary>y = x Wᵀ + b over the last dimension of x ([..., in] -> [..., out]), one GEMM each way:
    /// dx = g W, dW = gᵀ x, db = column sums of g.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2) throw new ArgumentException($"linear: weight must be [out, in], got {ShapeUtil.Format(weight.ShapeSpan)}.");
        int outF = weight.Size(0), inF = weight.Size(1);
        if (x.Rank < 1 || x.Size(-1) != inF)
            throw new ArgumentException($"linear: input {ShapeUtil.Format(x.ShapeSpan)} must end in {inF} features to match weight {ShapeUtil.Format(weight.ShapeSpan)}.");
        if (bias is not null && (bias.Rank != 1 || bias.Numel != outF))
            throw new ArgumentException($"linear: bias must be [{outF}], got {ShapeUtil.Format(bias.ShapeSpan)}.");
        int n = x.Numel / inF;
        var y = DisposeScope.Allocate(n * outF, clear: false);   // every element is written below
        if (bias is not null)
            for (int r = 0; r < n; r++) bias.data.CopyTo(y, r * outF);
        Gemm.Sgemm(false, true, n, outF, inF, 1f, x.data, inF, weight.data, inF, bias is null ? 0f : 1f, y, outF);
        int[] outShape = [.. x.ShapeSpan[..^1], outF];
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Tensor.FromOp(y, outShape, "AddmmBackward", inputs, g =>
        {
            if (x.RequiresGrad)
            {
                var gx = BufferPool.Rent(n * inF, clear: false);
                Gemm.Sgemm(false, false, n, inF, outF, 1f, g, outF, weight.data, inF, 0f, gx, inF);
                x.AccumulateGradOwned(gx);
            }
            if (weight.RequiresGrad)
            {
                var gw = BufferPool.Rent(outF * inF, clear: false);
                Gemm.Sgemm(true, false, outF, inF, n, 1f, g, outF, x.data, inF, 0f, gw, inF);
                weight.AccumulateGradOwned(gw);
            }
            if (bias is not null && bias.RequiresGrad)
            {
                bias.AccumulateGrad(ParallelRanges.ColumnSums(g, n, outF));
            }
        });
    }

    /// <summary>Rows of <paramref name="weight"/> [V, E] picked by token ids; output shape idShape + [E].
    /// The backward pass adds each output row's gradient into its token's row. Gradients never reach the
    /// row of <paramref name="paddingIdx"/> (PyTorch's padding_idx).</summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> ids, int[] idShape, int? paddingIdx = null)
    {
        if (weight.Rank != 2) throw new ArgumentException($"embedding: weight must be [V, E], got {ShapeUtil.Format(weight.ShapeSpan)}.");
        if (ShapeUtil.Numel(idShape) != ids.Length)
            throw new ArgumentException($"embedding: {ids.Length} ids do not fill shape {ShapeUtil.Format(idShape)}.");
        int v = weight.Size(0), e = weight.Size(1);
        var idx = ids.ToArray();
        for (int i = 0; i < idx.Length; i++)
            if ((uint)idx[i] >= (uint)v)
                throw new IndexOutOfRangeException($"embedding: token id {idx[i]} at position {i} is out of range for a vocabulary of {v} (valid ids 0..{v - 1}).");
        var y = DisposeScope.Allocate(idx.Length * e, clear: false);   // every row is copied in below
        var w = weight.data;
        for (int i = 0; i < idx.Length; i++) Array.Copy(w, idx[i] * e, y, i * e, e);
        return Tensor.FromOp(y, [.. idShape, e], "EmbeddingBackward", [weight], g =>
        {
            var gw = BufferPool.Rent(w.Length, clear: true);
            for (int i = 0; i < idx.Length; i++)
                if (idx[i] != paddingIdx)
                    TensorPrimitives.Add(gw.AsSpan(idx[i] * e, e), g.AsSpan(i * e, e), gw.AsSpan(idx[i] * e, e));
            weight.AccumulateGradOwned(gw);
        });
    }

    /// <summary>Inverted dropout: in training, zeroes each element with probability p and scales the rest by
    /// 1/(1-p), so evaluation needs no rescaling. The mask comes from <paramref name="generator"/>.</summary>
    public static Tensor Dropout(Tensor x, float p, bool training, Generator? generator = null)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout: p must be in [0, 1).");
        if (!training || p == 0f) return x;
        var g = generator ?? Generator.Default;
        var mask = new float[x.Numel];
        float scale = 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextFloat() >= p ? scale : 0f;
        return x * Tensor.FromArray(mask, x.Shape);
    }

    /// <summary>
    /// Cross-entropy over the last dimension of <paramref name="logits"/> ([..., C]) against integer targets
    /// (one per row), fused with log-softmax for stability. Rows whose target equals
    /// <paramref name="ignoreIndex"/> (padding) count for nothing; an optional per-row
    /// <paramref name="mask"/> (0/1 or weights, same number of elements as targets) weights the rest.
    /// The mean divides by the total weight, as PyTorch's reduction='mean' with ignore_index does; a batch
    /// with zero total weight gives loss 0. Non-finite logits throw, naming the row.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = -100,
        Tensor? mask = null, Reduction reduction = Reduction.Mean)
    {
        var (n, c) = Rows(logits, targets.Length, "cross_entropy");
        var w = Weights(targets, ignoreIndex, mask, c, "cross_entropy");
        var x = logits.data;
        var t = targets.ToArray();
        // Per row only log Σ exp is kept: -log softmax(x)[t] = lse - x[t], and the backward pass rebuilds
        // softmax(x) = exp(x - lse) from the logits, so no [N, C] buffer of log-probabilities is made.
        var lse = new float[n];
        var perRow = new float[n];
        ParallelRanges.For(n, 4L * c, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                lse[r] = VectorMath.LogSumExp(x.AsSpan(r * c, c));
                if (w[r] != 0f && float.IsFinite(lse[r])) perRow[r] = (lse[r] - x[r * c + t[r]]) * w[r];
            }
        });
        double total = 0, wsum = 0;
        for (int r = 0; r < n; r++)   // in row order, so the sum never depends on the thread count
        {
            if (!float.IsFinite(lse[r]))
            {
                var row = x.AsSpan(r * c, c);
                int col = 0;
                while (col < c && float.IsFinite(row[col])) col++;
                throw new ArithmeticException(col < c
                    ? $"cross_entropy: logits row {r} has a non-finite value ({row[col]}) at class {col}; training has diverged (lower the learning rate or clip gradients)."
                    : $"cross_entropy: logits row {r} overflows log-sum-exp; training has diverged (lower the learning rate or clip gradients).");
            }
            if (w[r] == 0f) continue;
            total += perRow[r];
            wsum += w[r];
        }
        var (value, shape, scale) = Reduce(perRow, total, wsum, reduction, "cross_entropy");
        return Tensor.FromOp(value, shape, "CrossEntropyBackward", [logits], g =>
        {
            var gx = BufferPool.Rent(n * c, clear: false);
            ParallelRanges.For(n, 4L * c, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var gRow = gx.AsSpan(r * c, c);
                    if (w[r] == 0f) { gRow.Clear(); continue; }
                    float gr = (reduction == Reduction.None ? g[r] : g[0] * scale) * w[r];
                    // d/dx of -log softmax(x)[t] = softmax(x) - onehot(t)
                    VectorMath.ScaledSoftmax(x.AsSpan(r * c, c), lse[r], gr, gRow);
                    gRow[t[r]] -= gr;
                }
            });
            logits.AccumulateGradOwned(gx);
        });
    }

    /// <summary>Negative log-likelihood of targets under log-probabilities [..., C] (torch's nll_loss).</summary>
    public static Tensor NllLoss(Tensor logProbs, ReadOnlySpan<int> targets, int ignoreIndex = -100,
        Tensor? mask = null, Reduction reduction = Reduction.Mean)
    {
        var (n, c) = Rows(logProbs, targets.Length, "nll_loss");
        var w = Weights(targets, ignoreIndex, mask, c, "nll_loss");
        return NllFromLogProbs(logProbs, logProbs.data, targets.ToArray(), w, n, c, reduction);
    }

    static Tensor NllFromLogProbs(Tensor input, float[] logp, int[] t, float[] w, int n, int c, Reduction reduction)
    {
        double total = 0, wsum = 0;
        var perRow = new float[n];
        for (int r = 0; r < n; r++)
        {
            if (w[r] == 0f) continue;
            perRow[r] = -logp[r * c + t[r]] * w[r];
            total += perRow[r];
            wsum += w[r];
        }
        var (value, shape, scale) = Reduce(perRow, total, wsum, reduction, "nll_loss");
        return Tensor.FromOp(value, shape, "NllLossBackward", [input], g =>
        {
            var gx = BufferPool.Rent(n * c, clear: true);
            for (int r = 0; r < n; r++)
            {
                if (w[r] == 0f) continue;
                gx[r * c + t[r]] = -(reduction == Reduction.None ? g[r] : g[0] * scale) * w[r];
            }
            input.AccumulateGradOwned(gx);
        });
    }

    /// <summary>The loss value, its shape and the factor each row's gradient gets: the mean divides by the total
    /// weight (0 when nothing counts), as PyTorch's reduction='mean' with ignore_index does.</summary>
    static (float[] Value, int[] Shape, float Scale) Reduce(float[] perRow, double total, double wsum, Reduction reduction, string op)
    {
        float scale = reduction == Reduction.Mean ? (wsum > 0 ? (float)(1.0 / wsum) : 0f) : 1f;
        float[] value = reduction == Reduction.None ? perRow : [(float)(total * scale)];
        int[] shape = reduction == Reduction.None ? [perRow.Length] : [];
        if (reduction != Reduction.None && !float.IsFinite(value[0]))
            throw new ArithmeticException($"{op}: loss is {value[0]}; a target has zero probability or the inputs have diverged.");
        return (value, shape, scale);
    }

    static (int n, int c) Rows(Tensor x, int targets, string op)
    {
        if (x.Rank < 1) throw new ArgumentException($"{op}: input must have a class dimension, got a scalar.");
        int c = x.Size(-1), n = c == 0 ? 0 : x.Numel / c;
        if (n != targets)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(x.ShapeSpan)} has {n} rows of {c} classes but {targets} targets were given.");
        return (n, c);
    }

    static float[] Weights(ReadOnlySpan<int> targets, int ignoreIndex, Tensor? mask, int c, string op)
    {
        if (mask is not null && mask.Numel != targets.Length)
            throw new ArgumentException($"{op}: mask {ShapeUtil.Format(mask.ShapeSpan)} has {mask.Numel} elements for {targets.Length} targets.");
        var w = new float[targets.Length];
        for (int i = 0; i < w.Length; i++)
        {
            if (targets[i] == ignoreIndex) continue;
            if ((uint)targets[i] >= (uint)c)
                throw new IndexOutOfRangeException($"{op}: target {targets[i]} at row {i} is out of range for {c} classes (and is not the ignore index {ignoreIndex}).");
            w[i] = mask is null ? 1f : mask.data[i];
        }
        return w;
    }
}

/// <summary>How a loss combines its per-row values (torch's reduction argument).</summary>
public enum Reduction { Mean, Sum, None }
