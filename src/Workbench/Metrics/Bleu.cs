using System.Text.RegularExpressions;

namespace Workbench.Metrics;

/// <summary>
/// Corpus BLEU with sacreBLEU's defaults: 13a tokenisation, n-grams up to 4, 'exp' smoothing, brevity
/// penalty against the closest reference length, score on a 0-100 scale. Matches sacreBLEU's
/// corpus_score for the same hypotheses and references.
/// </summary>
public static partial class Bleu
{
    public const int MaxOrder = 4;

    /// <summary>The score with its sufficient statistics, as sacreBLEU prints them.</summary>
    public sealed record Score(double Value, double[] Precisions, double BrevityPenalty, long HypothesisLength, long ReferenceLength, long[] Correct, long[] Total)
    {
        public override string ToString() =>
            $"BLEU = {Value:F2} {string.Join("/", Precisions.Select(p => p.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} (BP = {BrevityPenalty:F3} ratio = {(ReferenceLength == 0 ? 0 : (double)HypothesisLength / ReferenceLength):F3} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})";
    }

    /// <summary>Corpus BLEU of hypotheses against one reference each.</summary>
    public static Score Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        Corpus(hypotheses, references.Select(r => (IReadOnlyList<string>)[r]).ToList());

    /// <summary>Corpus BLEU of hypotheses against one or more references each.</summary>
    public static Score Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"bleu: {hypotheses.Count} hypotheses but {references.Count} reference sets.");
        var correct = new long[MaxOrder]; var total = new long[MaxOrder];
        long hypLen = 0, refLen = 0;
        for (int s = 0; s < hypotheses.Count; s++)
        {
            if (references[s].Count == 0) throw new ArgumentException($"bleu: sentence {s} has no reference.");
            var hyp = Tokenize13a(hypotheses[s]);
            var refs = references[s].Select(Tokenize13a).ToList();
            hypLen += hyp.Length;
            // closest reference length; ties go to the shorter one (sacreBLEU)
            refLen += refs.Select(r => r.Length).OrderBy(l => Math.Abs(l - hyp.Length)).ThenBy(l => l).First();
            var maxRef = new Dictionary<string, int>();
            foreach (var r in refs)
                foreach (var (g, c) in NGrams(r))
                    maxRef[g] = Math.Max(maxRef.GetValueOrDefault(g), c);
            foreach (var (g, c) in NGrams(hyp))
            {
                int n = g.Count(ch => ch == '\u0001');   // separators = order - 1
                total[n] += c;
                correct[n] += Math.Min(c, maxRef.GetValueOrDefault(g));
            }
        }
        return FromStatistics(correct, total, hypLen, refLen);
    }

    /// <summary>BLEU from n-gram statistics (sacreBLEU's compute_bleu with smooth_method='exp').</summary>
    public static Score FromStatistics(long[] correct, long[] total, long hypLen, long refLen)
    {
        var precisions = new double[MaxOrder];
        double bp = hypLen < refLen ? (hypLen > 0 ? Math.Exp(1 - (double)refLen / hypLen) : 0) : 1;
        if (correct.All(c => c == 0)) return new Score(0, precisions, bp, hypLen, refLen, correct, total);
        double smooth = 1;
        for (int n = 0; n < MaxOrder; n++)
        {
            if (total[n] == 0) break;
            if (correct[n] == 0) { smooth *= 2; precisions[n] = 100.0 / (smooth * total[n]); }
            else precisions[n] = 100.0 * correct[n] / total[n];
        }
        double logSum = precisions.Sum(p => p == 0 ? -9999999999.0 : Math.Log(p));
        return new Score(bp * Math.Exp(logSum / MaxOrder), precisions, bp, hypLen, refLen, correct, total);
    }

    /// <summary>The 13a tokeniser of mteval-v13a.pl as sacreBLEU implements it.</summary>
    public static string[] Tokenize13a(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = $" {line} ";
        line = Punctuation().Replace(line, " $1 ");
        line = PeriodCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    // 1..4-grams joined by a separator that cannot appear in a token, with counts.
    static Dictionary<string, int> NGrams(string[] tokens)
    {
        var d = new Dictionary<string, int>();
        for (int n = 1; n <= MaxOrder; n++)
            for (int i = 0; i + n <= tokens.Length; i++)
            {
                var g = string.Join('\u0001', tokens, i, n);
                d[g] = d.GetValueOrDefault(g) + 1;
            }
        return d;
    }

    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])")] private static partial Regex Punctuation();
    [GeneratedRegex(@"([^0-9])([\.,])")] private static partial Regex PeriodCommaAfterNonDigit();
    [GeneratedRegex(@"([\.,])([^0-9])")] private static partial Regex PeriodCommaBeforeNonDigit();
    [GeneratedRegex(@"([0-9])(-)")] private static partial Regex DashAfterDigit();
}
