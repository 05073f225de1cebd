namespace Workbench.Charts;

/// <summary>
/// Sequence lengths grouped for accuracy-vs-length plots: edges 12, 20 give the buckets "&lt; 12", "12-19" and
/// "≥ 20". <see cref="Labels"/> is the x axis order; <see cref="Of"/> names the bucket of one length.
/// </summary>
public sealed class LengthBuckets
{
    readonly int[] edges;

    /// <param name="edges">Increasing lengths where a new bucket starts.</param>
    public LengthBuckets(params int[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Length == 0) throw new ArgumentException("Length buckets need at least one edge.", nameof(edges));
        for (int i = 1; i < edges.Length; i++)
            if (edges[i] <= edges[i - 1]) throw new ArgumentException($"Bucket edges must increase; got {edges[i - 1]} then {edges[i]}.", nameof(edges));
        this.edges = (int[])edges.Clone();
        Labels = Enumerable.Range(0, edges.Length + 1).Select(Label).ToArray();
    }

    /// <summary>The bucket names, shortest first.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The bucket of a sequence of <paramref name="length"/> tokens.</summary>
    public string Of(int length)
    {
        int i = 0;
        while (i < edges.Length && length >= edges[i]) i++;
        return Labels[i];
    }

    string Label(int i) =>
        i == 0 ? $"< {edges[0]}"
        : i == edges.Length ? $"\u2265 {edges[^1]}"
        : edges[i] - 1 == edges[i - 1] ? $"{edges[i - 1]}" : $"{edges[i - 1]}-{edges[i] - 1}";
}
