using System.Globalization;
using System.Net;
using System.Text;
using Workbench.Notebook;

namespace Workbench.Inspection;

/// <summary>How well one hidden unit tracks a feature: Pearson correlation over the search stretch and over the
/// held-out stretch (NaN without one).</summary>
public sealed record UnitScore(int Unit, double Correlation, double HeldOutCorrelation);

/// <summary>Units ranked by |r| with a feature, strongest first; displays as a table in a notebook.</summary>
[TypeFormatterSource(typeof(UnitRankingFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class UnitRanking(string feature, IReadOnlyList<UnitScore> scores, int searchedCharacters, int heldOutCharacters)
{
    public string Feature { get; } = feature;

    /// <summary>All units, strongest first.</summary>
    public IReadOnlyList<UnitScore> Scores { get; } = scores;

    public int SearchedCharacters { get; } = searchedCharacters;

    public int HeldOutCharacters { get; } = heldOutCharacters;

    public UnitScore Best => Scores[0];

    /// <summary>The <paramref name="k"/> strongest units.</summary>
    public IReadOnlyList<UnitScore> Top(int k) => Scores.Take(Math.Max(0, k)).ToList();

    /// <summary>Table rows shown by the formatters.</summary>
    public const int ShownRows = 10;

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Units tracking \"{Feature}\" (r over {SearchedCharacters:N0} characters; held out {HeldOutCharacters:N0}):");
        int rank = 1;
        foreach (var s in Top(ShownRows))
            sb.Append(CultureInfo.InvariantCulture, $"\n{rank++,3}. unit {s.Unit,4}  r = {s.Correlation,7:+0.000;-0.000}  held-out r = {Held(s)}");
        return sb.ToString();
    }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"wb-unit-ranking\" style=\"font-family:sans-serif;color:#1f2328\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div><b>Units tracking “{WebUtility.HtmlEncode(Feature)}”</b>: Pearson r over the first {SearchedCharacters:N0} characters; ")
          .Append(CultureInfo.InvariantCulture, $"the held-out r over the next {HeldOutCharacters:N0} confirms it.</div>");
        sb.Append("<table style=\"border-collapse:collapse;margin-top:4px\"><thead><tr>");
        foreach (var h in new[] { "rank", "unit", "r", "held-out r" }) sb.Append("<th style=\"text-align:right;padding:2px 10px;border-bottom:1px solid #d0d7de\">").Append(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        int rank = 1;
        foreach (var s in Top(ShownRows))
        {
            sb.Append("<tr>");
            foreach (var cell in new[] { (rank++).ToString(CultureInfo.InvariantCulture), s.Unit.ToString(CultureInfo.InvariantCulture),
                                         s.Correlation.ToString("+0.000;-0.000", CultureInfo.InvariantCulture), Held(s) })
                sb.Append("<td style=\"text-align:right;padding:2px 10px;font-variant-numeric:tabular-nums\">").Append(cell).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    static string Held(UnitScore s) => double.IsNaN(s.HeldOutCorrelation) ? "n/a" : s.HeldOutCorrelation.ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
}

/// <summary>Formatter source named by <see cref="UnitRanking"/>'s TypeFormatterSource attribute.</summary>
public sealed class UnitRankingFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<UnitRanking>(r => r.ToHtml()),
        MimeFormatter.PlainText<UnitRanking>(r => r.ToString()),
    ];
}
