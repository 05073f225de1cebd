using Workbench.Tensors;

namespace Workbench.Seq2Seq;

/// <summary>
/// A batch of variable-length token-id sequences laid out row-major [Batch, Time], each row's valid tokens
/// first and <see cref="PadId"/> after them, with each row's valid length. This is the layout the recurrent
/// layers expect (their <c>lengths</c> argument keeps padding from leaking into states and gradients).
/// </summary>
public sealed record PaddedSequences(int[] Ids, int Batch, int Time, int[] Lengths, int PadId)
{
    /// <summary>Pads <paramref name="sequences"/> to the longest one; <paramref name="append"/> (e.g. an
    /// end-of-sequence id) is added to every sequence first. Empty sequences are rejected because a recurrent
    /// layer needs at least one step per row.</summary>
    public static PaddedSequences Pad(IReadOnlyList<int[]> sequences, int padId, int? append = null)
    {
        if (sequences.Count == 0) throw new ArgumentException("pad: the batch has no sequences.", nameof(sequences));
        int extra = append is null ? 0 : 1;
        var lengths = new int[sequences.Count];
        for (int b = 0; b < lengths.Length; b++)
        {
            lengths[b] = (sequences[b] ?? throw new ArgumentNullException(nameof(sequences), $"pad: sequence {b} is null.")).Length + extra;
            if (lengths[b] == 0) throw new ArgumentException($"pad: sequence {b} is empty; every sequence needs at least one token.", nameof(sequences));
        }
        int time = lengths.Max();
        var ids = new int[sequences.Count * time];
        Array.Fill(ids, padId);
        for (int b = 0; b < lengths.Length; b++)
        {
            sequences[b].CopyTo(ids, b * time);
            if (append is int a) ids[b * time + lengths[b] - 1] = a;
        }
        return new PaddedSequences(ids, sequences.Count, time, lengths, padId);
    }

    /// <summary>The valid tokens of row <paramref name="b"/>.</summary>
    public int[] Row(int b) => Ids.AsSpan(b * Time, Lengths[b]).ToArray();

    /// <summary>1 at valid positions and 0 at padding, [Batch, Time].</summary>
    public Tensor Mask()
    {
        var m = new float[Batch * Time];
        for (int b = 0; b < Batch; b++) m.AsSpan(b * Time, Lengths[b]).Fill(1f);
        return Tensor.FromArray(m, Batch, Time);
    }

    /// <summary>Each row's valid part reversed in place of itself, padding left at the end (Sutskever et al.,
    /// 2014: reading the source backwards puts its first words next to the first target words).</summary>
    public PaddedSequences ReverseValid()
    {
        var ids = (int[])Ids.Clone();
        for (int b = 0; b < Batch; b++) Array.Reverse(ids, b * Time, Lengths[b]);
        return this with { Ids = ids };
    }

    /// <summary>The ids with every padded position replaced by <paramref name="value"/> (e.g. a loss's ignore index).</summary>
    public int[] IdsWithPadding(int value)
    {
        var ids = (int[])Ids.Clone();
        for (int b = 0; b < Batch; b++) ids.AsSpan(b * Time + Lengths[b], Time - Lengths[b]).Fill(value);
        return ids;
    }
}
