namespace Workbench.Data;

public static partial class Datasets
{
    /// <summary>
    /// A sequence-to-sequence dataset from your own file of pairs, with the same splits, fields and return type as
    /// <see cref="CmuDict"/> and <see cref="BibleEnEs"/>: one pair per record of a TSV or CSV file (see
    /// <see cref="PairsFormat"/>; CSV quoting per RFC 4180), source and target taken from columns
    /// <paramref name="sourceColumn"/> and <paramref name="targetColumn"/> (0-based), the first record skipped when
    /// <paramref name="header"/>. Pairs are split 80/10/10 by <paramref name="seed"/>; each side's field is built on
    /// the training pairs (<paramref name="sourceLevel"/>, <paramref name="targetLevel"/> defaulting to the source's;
    /// <paramref name="minFrequency"/>, <paramref name="maxVocabSize"/>, <paramref name="bpeMerges"/> as in
    /// <see cref="FromText"/>). Sources carry no &lt;bos&gt;/&lt;eos&gt;; targets are &lt;bos&gt; y &lt;eos&gt;.
    /// A missing, empty or non-UTF-8 file, a record with another number of columns than the first (its line), an
    /// empty source or target (its line), or too few pairs for three non-empty splits is refused.
    /// </summary>
    public static SequenceDataset FromPairs(string path, TokenLevel sourceLevel = TokenLevel.Char, TokenLevel? targetLevel = null,
        bool header = false, int sourceColumn = 0, int targetColumn = 1, PairsFormat format = PairsFormat.Auto,
        int minFrequency = 1, int? maxVocabSize = null, int bpeMerges = 1000, long seed = 0)
    {
        var full = TextFile.RequireNonEmpty(path);
        if (sourceColumn < 0 || targetColumn < 0 || sourceColumn == targetColumn)
            throw new ArgumentException($"FromPairs: source column {sourceColumn} and target column {targetColumn} must be two different columns (0-based).");
        var kind = DelimitedFile.Resolve(full, format);
        var pairs = new List<(string Source, string Target)>();
        string[]? names = null;
        DelimitedRecord? firstRecord = null;
        foreach (var record in DelimitedFile.Read(full, kind))
        {
            if (firstRecord is not { } first)
            {
                firstRecord = record;
                int columns = record.Fields.Length;
                if (Math.Max(sourceColumn, targetColumn) >= columns)
                    throw new InvalidDataException($"{full}:{record.Line}: has {columns} column(s), so there is no column {Math.Max(sourceColumn, targetColumn)} " +
                        $"(columns count from 0; source {sourceColumn}, target {targetColumn}). Is it {(kind == PairsFormat.Csv ? "really CSV" : "tab-separated")}?");
                if (header) { names = record.Fields; continue; }
            }
            else if (record.Fields.Length != first.Fields.Length)
                throw new InvalidDataException($"{full}:{record.Line}: has {record.Fields.Length} column(s) but line {first.Line} has {first.Fields.Length}.");
            string s = record.Fields[sourceColumn], t = record.Fields[targetColumn];
            if (string.IsNullOrWhiteSpace(s) || string.IsNullOrWhiteSpace(t))
                throw new InvalidDataException($"{full}:{record.Line}: the {(string.IsNullOrWhiteSpace(s) ? "source" : "target")} (column {(string.IsNullOrWhiteSpace(s) ? sourceColumn : targetColumn)}) is empty.");
            pairs.Add((s, t));
        }
        if (pairs.Count == 0) throw new InvalidDataException($"{full} holds no pairs{(header ? " after its header" : "")}.");
        RequireSplits(full, pairs.Count, "pairs", Split.Random(pairs, 0.1, 0.1, seed));

        string name = Path.GetFileName(full);
        string columnsText = names is null ? $"columns {sourceColumn} -> {targetColumn}" : $"{names[sourceColumn]} -> {names[targetColumn]}";
        var tl = targetLevel ?? sourceLevel;
        return Build(name, $"{name}: {columnsText}, {sourceLevel.ToString().ToLowerInvariant()} -> {tl.ToString().ToLowerInvariant()} level, {pairs.Count:N0} pairs split by seed {seed}",
            pairs, seed, p => p.Source, FieldBuilder(sourceLevel, minFrequency, maxVocabSize, bpeMerges),
            p => p.Target, FieldBuilder(tl, minFrequency, maxVocabSize, bpeMerges));
    }
}
