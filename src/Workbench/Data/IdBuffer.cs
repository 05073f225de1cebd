namespace Workbench.Data;

/// <summary>A growing list of token ids kept in fixed-size chunks, so building a stream of hundreds of millions of
/// ids never copies it whole to grow it; <see cref="ToArray"/> makes the one final array, freeing chunks as it goes.</summary>
internal sealed class IdBuffer
{
    const int ChunkSize = 1 << 20;
    readonly List<int[]> chunks = [];
    int used = ChunkSize;   // in the last chunk

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<int> ids)
    {
        while (ids.Length > 0)
        {
            if (used == ChunkSize) { chunks.Add(new int[ChunkSize]); used = 0; }
            int n = Math.Min(ids.Length, ChunkSize - used);
            ids[..n].CopyTo(chunks[^1].AsSpan(used));
            used += n; Count += n;
            ids = ids[n..];
        }
    }

    public int[] ToArray(string what)
    {
        if (Count > Array.MaxLength) throw new InvalidDataException($"{what} has {Count:N0} tokens, more than one array can hold ({Array.MaxLength:N0}).");
        var all = new int[Count];
        long at = 0;
        for (int c = 0; c < chunks.Count; c++)
        {
            int n = (int)Math.Min(ChunkSize, Count - at);
            chunks[c].AsSpan(0, n).CopyTo(all.AsSpan((int)at));
            at += n;
            chunks[c] = null!;   // let the chunk go before the next is copied
        }
        chunks.Clear();
        return all;
    }
}
