namespace Workbench.Data;

public static partial class Datasets
{
    /// <summary>Blocks a <see cref="TextUnit.Document"/> is cut into (fewer when it has fewer lines).</summary>
    public const int DocumentBlocks = 100;

    /// <summary>
    /// A language-modelling dataset from your own UTF-8 text file, with the same splits, fields and return type as
    /// <see cref="MobyDick"/>: the pieces of the file (blocks of a document, or lines; see <see cref="TextUnit"/>) are
    /// dealt 80/10/10 into train, valid and test by <paramref name="seed"/>, each split keeps file order, and the
    /// field (tokenizer + vocabulary) is built on the training split only: tokens seen fewer than
    /// <paramref name="minFrequency"/> times there, or beyond the <paramref name="maxVocabSize"/> most frequent
    /// (specials included), become &lt;unk&gt;; BPE learns <paramref name="bpeMerges"/> merges instead.
    /// The file is streamed (read three times, a line at a time), so only the id streams are held in memory.
    /// A missing, empty or non-UTF-8 file, or one too short to give every split a piece, is refused before
    /// anything is built.
    /// </summary>
    public static LanguageModelDataset FromText(string path, TokenLevel level = TokenLevel.Char, TextUnit unit = TextUnit.Document,
        int minFrequency = 1, int? maxVocabSize = null, int bpeMerges = 1000, long seed = 0)
    {
        var full = TextFile.RequireNonEmpty(path);
        // Pass 1: read every line once (this is where a bad byte is found) and count the pieces.
        int pieces = 0;
        foreach (var (piece, line) in Pieces(full, unit))
            if (!string.IsNullOrWhiteSpace(line.Text)) pieces = piece + 1;
        string what = unit == TextUnit.Line ? "non-blank lines" : $"blocks (a document is cut at line ends into at most {DocumentBlocks})";
        if (pieces == 0) throw new InvalidDataException($"{full} has no text, only blank lines.");
        var split = Split.Random(Enumerable.Range(0, pieces).ToList(), 0.1, 0.1, seed);
        RequireSplits(full, pieces, what, split);
        var part = new byte[pieces];   // 0 train, 1 valid, 2 test
        foreach (var p in split.Valid) part[p] = 1;
        foreach (var p in split.Test) part[p] = 2;

        // Pass 2: the field, from the training pieces only. Pass 3: every piece encoded into its split's stream.
        bool eosAtDocumentLevel = level == TokenLevel.Word;
        IEnumerable<(int Piece, string Text, bool Eos)> Units() => TextUnits(Pieces(full, unit), unit, eosAtDocumentLevel);
        var field = FieldBuilder(level, minFrequency, maxVocabSize, bpeMerges)(Units().Where(u => part[u.Piece] == 0).Select(u => u.Text));
        var streams = new[] { new IdBuffer(), new IdBuffer(), new IdBuffer() };
        foreach (var (piece, text, eos) in Units()) streams[part[piece]].Add(field.Encode(text, addEos: eos));

        string name = Path.GetFileName(full);
        string how = unit == TextUnit.Line ? $"{pieces:N0} lines" : $"a document in {pieces} blocks";
        return new LanguageModelDataset(name, $"{name}, {level.ToString().ToLowerInvariant()} level, {how} split by seed {seed}", field,
            streams[0].ToArray($"{name} (train)"), streams[1].ToArray($"{name} (valid)"), streams[2].ToArray($"{name} (test)"),
            boundary: unit == TextUnit.Line || eosAtDocumentLevel ? field.Vocab.EosId : field.Vocab["\n"]);
    }

    /// <summary>Each line with the piece it belongs to. Line mode: every non-blank line is a piece. Document mode:
    /// a new block starts at the first non-blank line that begins past the next 1/<see cref="DocumentBlocks"/> of the
    /// file's bytes, so blocks are runs of whole lines of about equal size, and the cut depends only on the file.</summary>
    static IEnumerable<(int Piece, TextLine Line)> Pieces(string path, TextUnit unit)
    {
        long blockBytes = Math.Max(1, (new FileInfo(path).Length + DocumentBlocks - 1) / DocumentBlocks), boundary = 0;
        int piece = -1;
        foreach (var line in TextFile.ReadLines(path))
        {
            if (unit == TextUnit.Line)
            {
                if (!string.IsNullOrWhiteSpace(line.Text)) yield return (++piece, line);
                continue;
            }
            // Blocks start at text, so none is only blank lines; leading blank lines go with the first block.
            if (!string.IsNullOrWhiteSpace(line.Text) && (piece < 0 || line.ByteOffset >= boundary))
            {
                piece++;
                boundary = (line.ByteOffset / blockBytes + 1) * blockBytes;
            }
            yield return (Math.Max(piece, 0), line);
        }
    }

    /// <summary>The strings to encode, each with its piece and whether &lt;eos&gt; follows it: a line (line mode); a
    /// line with its "\n" (document, character or BPE level); or, at word level, each non-blank line, with &lt;eos&gt;
    /// after the last line of a paragraph (before a blank line or the end), so a paragraph encodes as its unwrapped
    /// text would.</summary>
    static IEnumerable<(int Piece, string Text, bool Eos)> TextUnits(IEnumerable<(int Piece, TextLine Line)> pieces, TextUnit unit, bool paragraphs)
    {
        if (unit == TextUnit.Line || !paragraphs)
        {
            foreach (var (piece, line) in pieces)
                yield return unit == TextUnit.Line ? (piece, line.Text, true) : (piece, line.Text + "\n", false);
            yield break;
        }
        (int Piece, string Text)? held = null;   // a text line waiting to learn whether its paragraph ends with it
        foreach (var (piece, line) in pieces)
        {
            bool blank = string.IsNullOrWhiteSpace(line.Text);
            if (held is { } h) yield return (h.Piece, h.Text, blank);
            held = blank ? null : (piece, line.Text);
        }
        if (held is { } last) yield return (last.Piece, last.Text, true);
    }

    /// <summary>An 80/10/10 split of too few pieces leaves valid or test empty: say so, with the smallest count that works.</summary>
    static void RequireSplits<T>(string path, int count, string what, Splits<T> split)
    {
        string? empty = split.Valid.Count == 0 ? "validation" : split.Test.Count == 0 ? "test" : split.Train.Count == 0 ? "training" : null;
        if (empty is null) return;
        int needed = count + 1;
        for (; ; needed++)
        {
            var s = Split.Random(Enumerable.Range(0, needed).ToList(), 0.1, 0.1);
            if (s.Valid.Count > 0 && s.Test.Count > 0 && s.Train.Count > 0) break;
        }
        throw new InvalidDataException($"{path}: splitting {count} {what} 80/10/10 leaves the {empty} split empty; " +
            $"the file needs at least {needed}. Nothing was built.");
    }
}
