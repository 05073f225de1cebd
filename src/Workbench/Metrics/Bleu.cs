using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Metrics;

/// <summary>
/// Corpus BLEU with sacreBLEU's defaults: 13a tokenisation, n-grams up to 4, 'exp' smoothing, brevity
/// penalty against the closest reference length, score on a 0-100 scale. A port of sacreBLEU 2.x's
/// BLEU().corpus_score: same segment preprocessing (Python's rstrip, the 13a rules, Python's split on any
/// Unicode whitespace), same counts, same arithmetic; tests/Workbench.Tests/Metrics compares it with
/// sacreBLEU's own code. Any string is valid input.
/// </summary>
public static partial class Bleu
{
    public const int MaxOrder = NGram.MaxOrder;

    /// <summary>The score with its sufficient statistics.</summary>
    public sealed record Score(double Value, double[] Precisions, double BrevityPenalty, long HypothesisLength, long ReferenceLength, long[] Correct, long[] Total)
    {
        /// <summary>As sacreBLEU prints a score, in any culture: "BLEU = 51.64 59.1/55.0/50.0/43.8 (BP = 1.000 ratio = ...)".</summary>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"BLEU = {Value:F2} {string.Join("/", Precisions.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))} (BP = {BrevityPenalty:F3} ratio = {(ReferenceLength == 0 ? 0 : (double)HypothesisLength / ReferenceLength):F3} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})");
    }

    /// <summary>Corpus BLEU of hypotheses against one reference each.</summary>
    public static Score Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return Corpus(hypotheses, references.Select(r => (IReadOnlyList<string>)[r]).ToList());
    }

    /// <summary>Corpus BLEU of hypotheses against one or more references each (sentence s against references[s]).</summary>
    public static Score Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"bleu: {hypotheses.Count} hypotheses but {references.Count} reference sets.");
        var correct = new long[MaxOrder]; var total = new long[MaxOrder];
        long hypLen = 0, refLen = 0;
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);   // token -> id, for n-gram keys
        for (int s = 0; s < hypotheses.Count; s++)
        {
            var refs = references[s] ?? throw new ArgumentException($"bleu: reference set {s} is null.");
            if (refs.Count == 0) throw new ArgumentException($"bleu: sentence {s} has no reference.");
            var hyp = Ids(TokenizeSegment(hypotheses[s] ?? throw new ArgumentException($"bleu: hypothesis {s} is null.")), vocabulary);

            // Reference n-gram counts: per n-gram the most any one reference has (the clipping limit).
            var maxRef = new Dictionary<NGram, int>();
            var refLengths = new int[refs.Count];
            for (int k = 0; k < refs.Count; k++)
            {
                var r = Ids(TokenizeSegment(refs[k] ?? throw new ArgumentException($"bleu: reference {k} of sentence {s} is null.")), vocabulary);
                refLengths[k] = r.Length;
                foreach (var (g, c) in NGram.Count(r))
                    maxRef[g] = Math.Max(maxRef.GetValueOrDefault(g), c);
            }

            hypLen += hyp.Length;
            refLen += ClosestReferenceLength(hyp.Length, refLengths);
            foreach (var (g, c) in NGram.Count(hyp))
            {
                total[g.Order - 1] += c;
                correct[g.Order - 1] += Math.Min(c, maxRef.GetValueOrDefault(g));
            }
        }
        return FromStatistics(correct, total, hypLen, refLen);
    }

    /// <summary>The reference length closest to the hypothesis length; of two equally close, the shorter.</summary>
    public static int ClosestReferenceLength(int hypothesisLength, IReadOnlyList<int> referenceLengths)
    {
        if (referenceLengths.Count == 0) throw new ArgumentException("bleu: no reference lengths.", nameof(referenceLengths));
        int best = referenceLengths[0];
        foreach (int len in referenceLengths)
        {
            int diff = Math.Abs(hypothesisLength - len), bestDiff = Math.Abs(hypothesisLength - best);
            if (diff < bestDiff || (diff == bestDiff && len < best)) best = len;
        }
        return best;
    }

    /// <summary>BLEU from n-gram statistics (sacreBLEU's compute_bleu with smooth_method='exp').</summary>
    public static Score FromStatistics(long[] correct, long[] total, long hypLen, long refLen)
    {
        if (correct.Length != MaxOrder || total.Length != MaxOrder)
            throw new ArgumentException($"bleu: need {MaxOrder} matched and {MaxOrder} total n-gram counts, got {correct.Length} and {total.Length}.");
        var precisions = new double[MaxOrder];
        // An empty output (hypLen 0) gets exp(1 - refLen/0) = exp(-inf) = 0, sacreBLEU's explicit 0.
        double bp = hypLen < refLen ? Math.Exp(1 - (double)refLen / hypLen) : 1;
        if (correct.All(c => c == 0)) return new Score(0, precisions, bp, hypLen, refLen, correct, total);
        // 'exp' smoothing (mteval's): the k-th order with no match gets precision 1 / (2^k total).
        double smooth = 1;
        for (int n = 0; n < MaxOrder; n++)
        {
            if (total[n] == 0) break;   // no n-grams this long: this and higher precisions stay 0, so BLEU is 0
            if (correct[n] == 0) { smooth *= 2; precisions[n] = 100.0 / (smooth * total[n]); }
            else precisions[n] = 100.0 * correct[n] / total[n];
        }
        // Geometric mean, summed in order as Python's sum() does. A zero precision (an order with no n-gram at all)
        // adds log 0 = -inf, so BLEU is exactly 0, as sacreBLEU's floor of -9999999999 makes it.
        double logSum = 0;
        foreach (double p in precisions) logSum += Math.Log(p);
        return new Score(bp * Math.Exp(logSum / MaxOrder), precisions, bp, hypLen, refLen, correct, total);
    }

    /// <summary>
    /// The tokens BLEU counts for one segment: sacreBLEU trims trailing whitespace first (so a trailing "-\n"
    /// is gone before the 13a rule that joins "-\n" line breaks could see it), then applies 13a.
    /// </summary>
    public static string[] TokenizeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return Tokenize13a(PythonWhitespace.TrimEnd(segment));
    }

    /// <summary>The 13a tokeniser of mteval-v13a.pl as sacreBLEU implements it (Tokenizer13a, then split).</summary>
    public static string[] Tokenize13a(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        // The order matters: "<skipped>" goes before a "-\n" line break is joined, and that before "\n" -> " ".
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))   // &amp; after &quot;, &lt;, &gt; before: "&amp;lt;" ends as "<", as in sacreBLEU
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = $" {line} ";
        line = Punctuation().Replace(line, " $1 ");
        line = PeriodCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return PythonWhitespace.Split(line);
    }

    static int[] Ids(string[] tokens, Dictionary<string, int> vocabulary)
    {
        var ids = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!vocabulary.TryGetValue(tokens[i], out int id)) vocabulary[tokens[i]] = id = vocabulary.Count;
            ids[i] = id;
        }
        return ids;
    }

    // mteval's language-dependent rules (Western languages). Python's re and .NET agree on these: ASCII-only
    // classes, leftmost non-overlapping matches; a match splitting a surrogate pair re-emits both halves unchanged.
    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])")] private static partial Regex Punctuation();
    [GeneratedRegex(@"([^0-9])([\.,])")] private static partial Regex PeriodCommaAfterNonDigit();
    [GeneratedRegex(@"([\.,])([^0-9])")] private static partial Regex PeriodCommaBeforeNonDigit();
    [GeneratedRegex(@"([0-9])(-)")] private static partial Regex DashAfterDigit();
}
