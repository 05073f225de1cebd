using Workbench.Tokenization;

namespace Workbench.Data;

public static partial class Datasets
{
    /// <summary>
    /// The English to Spanish verse pairs of <see cref="BibleEnEs"/> (same rows, same split for the same seed) with a
    /// subword vocabulary on each side: byte-pair encoding learned on the training split, <paramref name="sourceMerges"/>
    /// merges over the English verses and <paramref name="targetMerges"/> over the Spanish ones. Every character seen in
    /// training is a symbol, so a rare or unseen word is spelled in pieces instead of becoming &lt;unk&gt;.
    /// </summary>
    public static SequenceDataset BibleEnEsBpe(int maxEnglishWords = 14, int sourceMerges = 1000, int targetMerges = 1000,
        long seed = 0, string? root = null)
    {
        if (sourceMerges < 0) throw new ArgumentOutOfRangeException(nameof(sourceMerges), sourceMerges, "bible-en-es-bpe: the number of English BPE merges must be >= 0.");
        if (targetMerges < 0) throw new ArgumentOutOfRangeException(nameof(targetMerges), targetMerges, "bible-en-es-bpe: the number of Spanish BPE merges must be >= 0.");
        return Build("bible-en-es-bpe", $"KJV -> Reina-Valera 1909 verses of <= {maxEnglishWords} English words, BPE ({sourceMerges} / {targetMerges} merges)",
            BibleRows(maxEnglishWords, root), seed,
            r => r[1], FieldBuilder(TokenLevel.Bpe, bpeMerges: sourceMerges), r => r[2], FieldBuilder(TokenLevel.Bpe, bpeMerges: targetMerges));
    }

    /// <summary>The rows (reference, English, Spanish) of the verse file whose English has at most
    /// <paramref name="maxEnglishWords"/> whitespace-separated words.</summary>
    static List<string[]> BibleRows(int maxEnglishWords, string? root)
    {
        const string rel = "bible-en-es/kjv-rv1909.tsv";
        var rows = DatasetFiles.ReadTsv(DatasetRoot.Locate(root), rel, 3)
            .Where(r => r[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= maxEnglishWords).ToList();
        if (rows.Count == 0) throw new ArgumentOutOfRangeException(nameof(maxEnglishWords), maxEnglishWords, "No verse is that short.");
        return rows;
    }
}
