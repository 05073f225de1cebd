namespace Workbench.Metrics;

/// <summary>
/// An n-gram of 1..4 token ids: BLEU's counting key. Ids, not joined text, so no token can fake an n-gram
/// boundary (sacreBLEU keys its Counter by tuples of tokens for the same reason). The order is stored, not
/// inferred, so it alone tells n-grams of different lengths apart; unused slots hold 0.
/// </summary>
internal readonly record struct NGram(int Order, int W1, int W2, int W3, int W4)
{
    public const int MaxOrder = 4;

    /// <summary>Every n-gram of order 1..4 in the token-id sequence, with how often it occurs.</summary>
    public static Dictionary<NGram, int> Count(int[] ids)
    {
        var counts = new Dictionary<NGram, int>();
        for (int n = 1; n <= MaxOrder; n++)
            for (int i = 0; i + n <= ids.Length; i++)
            {
                var g = new NGram(n, ids[i], n > 1 ? ids[i + 1] : 0, n > 2 ? ids[i + 2] : 0, n > 3 ? ids[i + 3] : 0);
                counts[g] = counts.GetValueOrDefault(g) + 1;
            }
        return counts;
    }
}
