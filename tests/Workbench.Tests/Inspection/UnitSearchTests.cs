using System.Text.RegularExpressions;
using Workbench.Inspection;
using Workbench.Notebook;
using Workbench.Tensors;

namespace Workbench.Tests.Inspection;

/// <summary>Text features, the search that finds units tracking them, and the activation-text view.</summary>
public class UnitSearchTests
{
    static readonly string Moby = File.ReadAllText(RepoPaths.File("datasets/moby-dick/moby-dick.txt"));

    [Fact]
    public void Features_describe_the_text_read_so_far()
    {
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0], TextFeatures.InsideQuotes("He said \"hi\" ok").Values);
        Assert.Equal([0, 0, 1, 1, 0, 0, 0], TextFeatures.InsideQuotes("a “b” c").Values);
        Assert.Equal([1, 2, 0, 1, 2], TextFeatures.PositionInLine("ab\ncd").Values);
        //                                               t  h  e  ␣  w  h  a  l  e  '  s  ,  ␣  s  e  a  -  g  o
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], TextFeatures.WordBoundary("the whale's, sea-go").Values);
        Assert.Equal([1, 2, 0, 1, 0, 0, 1], TextFeatures.PositionInWord("ab c\n\nx").Values);
        Assert.Equal([0, 1, 0], TextFeatures.Custom("is b", "abc", (s, t) => s[t] == 'b' ? 1 : 0).Values);
        Assert.Equal(["inside quotes", "position in line", "word boundary", "position in word"], TextFeatures.Standard("x").Select(f => f.Name));
    }

    [Fact]
    public void Pearson_matches_the_formula_and_is_zero_for_a_constant()
    {
        Assert.Equal(5 / Math.Sqrt(2 * 114.0 / 9), UnitSearch.Pearson([1, 2, 3], [2, 4, 7], 0, 3), 12);
        Assert.Equal(-1, UnitSearch.Pearson([1, 2, 3, 9], [5, 3, 1, 0], 0, 3), 12);
        Assert.Equal(0, UnitSearch.Pearson([4, 4, 4], [1, 2, 3], 0, 3));
    }

    /// <summary>
    /// H units of smooth random activity (AR(1), like real hidden units) over real text, one of them planted to follow
    /// the feature through noise and one decoy following it weakly: the search must rank the planted unit first.
    /// </summary>
    static (float[,] Activations, int Planted, int Decoy) Synthetic(TextFeature feature, int hidden, long seed, double sign = 1)
    {
        var rng = new Generator(seed);
        int steps = feature.Length;
        int planted = rng.NextInt(hidden), decoy = (planted + 1 + rng.NextInt(hidden - 1)) % hidden;
        double mean = feature.Values.Average(), sd = Math.Sqrt(feature.Values.Average(v => (v - mean) * (v - mean)));
        var a = new float[steps, hidden];
        var state = new double[hidden];
        for (int t = 0; t < steps; t++)
        {
            double f = (feature.Values[t] - mean) / sd;
            for (int u = 0; u < hidden; u++)
            {
                state[u] = 0.9 * state[u] + 0.45 * Gaussian(rng);
                double signal = u == planted ? sign * 0.8 * f : u == decoy ? 0.25 * f : 0;
                a[t, u] = (float)Math.Tanh(signal + 0.6 * state[u]);
            }
        }
        return (a, planted, decoy);
    }

    static double Gaussian(Generator g) => Math.Sqrt(-2 * Math.Log(1 - g.NextDouble())) * Math.Cos(2 * Math.PI * g.NextDouble());

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(3L)]
    public void The_search_finds_the_planted_unit_first_for_every_feature(long seed)
    {
        var text = Moby.Substring(20_000 + (int)seed * 5_000, 12_000);
        foreach (var feature in TextFeatures.Standard(text))
        {
            foreach (var sign in new[] { 1.0, -1.0 })
            {
                var (acts, planted, decoy) = Synthetic(feature, hidden: 64, seed * 10 + (sign > 0 ? 0 : 1), sign);
                var ranking = UnitSearch.Rank(acts, feature);
                Assert.Equal(planted, ranking.Best.Unit);
                Assert.Equal(Math.Sign(sign), Math.Sign(ranking.Best.Correlation));
                Assert.True(Math.Abs(ranking.Best.Correlation) > 0.5, $"{feature.Name}: r = {ranking.Best.Correlation}");
                // Held out: the last quarter confirms the unit, unless the feature is constant there (no quotes in it).
                if (feature.Values.Skip(9000).Distinct().Count() > 1)
                    Assert.True(Math.Abs(ranking.Best.HeldOutCorrelation) > 0.5, $"{feature.Name}: held-out r = {ranking.Best.HeldOutCorrelation}");
                else Assert.True(double.IsNaN(ranking.Best.HeldOutCorrelation));
                Assert.Equal(decoy, ranking.Scores[1].Unit);
                Assert.Equal(Enumerable.Range(0, 64), ranking.Scores.Select(s => s.Unit).Order());
                for (int i = 1; i < ranking.Scores.Count; i++)
                    Assert.True(Math.Abs(ranking.Scores[i - 1].Correlation) >= Math.Abs(ranking.Scores[i].Correlation));
                Assert.Equal(9000, ranking.SearchedCharacters);
                Assert.Equal(3000, ranking.HeldOutCharacters);
            }
        }
    }

    [Fact]
    public void Search_inputs_are_checked_and_tensors_work_too()
    {
        var text = Moby.Substring(30_000, 2_000);
        var feature = TextFeatures.InsideQuotes(text);
        var (acts, planted, _) = Synthetic(feature, 8, 7);
        var tensor = Tensor.FromArray(acts.Cast<float>().ToArray(), 1, text.Length, 8);
        Assert.Equal(UnitSearch.Rank(acts, feature).Scores, UnitSearch.Rank(tensor, feature).Scores);
        Assert.Equal(planted, UnitSearch.Rank(tensor.Reshape(text.Length, 8), feature, holdOut: 0).Best.Unit);
        Assert.True(double.IsNaN(UnitSearch.Rank(acts, feature, holdOut: 0).Best.HeldOutCorrelation));
        Assert.Contains("held-out r = n/a", UnitSearch.Rank(acts, feature, holdOut: 0).ToString());

        for (int t = 0; t < text.Length; t++) acts[t, 3] = 0.5f;   // a dead unit: r = 0, not NaN
        Assert.Equal(0, UnitSearch.Rank(acts, feature).Scores.Single(s => s.Unit == 3).Correlation);

        var mismatch = Assert.Throws<ArgumentException>(() => UnitSearch.Rank(acts, TextFeatures.InsideQuotes(text[..100])));
        Assert.Contains($"{text.Length} time steps but the feature \"inside quotes\" has 100 values", mismatch.Message);
        var constant = Assert.Throws<ArgumentException>(() => UnitSearch.Rank(new float[50, 2], TextFeatures.InsideQuotes(new string('a', 50))));
        Assert.Contains("\"inside quotes\" is constant", constant.Message);
        Assert.Throws<ArgumentException>(() => UnitSearch.Rank(Tensor.Zeros(2, 3, 4), feature));
        Assert.Throws<ArgumentOutOfRangeException>(() => UnitSearch.Rank(acts, feature, holdOut: 1));
    }

    [Fact]
    public void Rankings_display_as_a_table()
    {
        var text = Moby.Substring(40_000, 3_000);
        var feature = TextFeatures.PositionInLine(text);
        var (acts, planted, _) = Synthetic(feature, 16, 5);
        var ranking = UnitSearch.Rank(acts, feature);
        var bundle = FormatterConvention.FormatAll(ranking);
        Assert.Equal(["text/html", "text/plain"], bundle.Select(b => b.Key));
        Assert.Equal(UnitRanking.ShownRows, Regex.Matches(bundle[0].Value, "<tr>").Count - 1);
        Assert.Contains($"<td style=\"text-align:right;padding:2px 10px;font-variant-numeric:tabular-nums\">{planted}</td>", bundle[0].Value);
        Assert.StartsWith($"Units tracking \"position in line\" (r over 2,250 characters; held out 750):\n  1. unit {planted,4}", bundle[1].Value);
    }

    [Fact]
    public void Activation_text_colours_every_character_by_its_unit()
    {
        const string text = "a<b&\n\"c\"";
        var acts = new float[text.Length, 3];
        for (int t = 0; t < text.Length; t++) { acts[t, 0] = (t - 4) / 4f; acts[t, 2] = -acts[t, 0]; acts[t, 1] = 0; }
        var view = ActivationText.Create(text, acts, [2, 0], ["second", "first"]);
        var html = view.ToHtml();
        Assert.Equal(html, ActivationText.Create(text, acts, [2, 0], ["second", "first"]).ToHtml());
        var units = Regex.Matches(html, "<div class=\"wb-unit\" data-unit=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["2", "0"], units);
        // Each unit's box spells the text (escaped, line break shown as ↵ and kept).
        foreach (Match box in Regex.Matches(html, "background:#ffffff\">(.*?)</div>", RegexOptions.Singleline))
            Assert.Equal("a<b&↵\n\"c\"", System.Net.WebUtility.HtmlDecode(Regex.Replace(box.Groups[1].Value, "<[^>]+>", "")));
        Assert.Contains("<span style=\"background:" + ActivationText.Colour(-1, 1) + "\">a</span>", html.Split("data-unit=\"0\"")[1]);
        Assert.Contains("<span style=\"background:" + ActivationText.Colour(1, 1) + "\">a</span>", html.Split("data-unit=\"0\"")[0]);
        Assert.Contains("&lt;", html);
        Assert.DoesNotContain("<b&", html);

        Assert.Equal("#ffffff", ActivationText.Colour(0, 1));
        Assert.Equal("#ef8a62", ActivationText.Colour(1, 1));
        Assert.Equal("#67a9cf", ActivationText.Colour(-1, 1));
        Assert.Equal(ActivationText.Colour(1, 1), ActivationText.Colour(7, 1));   // clipped
        Assert.Equal(ActivationText.Colour(0.5, 1), ActivationText.Colour(1, 2));
        var reds = Enumerable.Range(0, 13).Select(i => Convert.ToInt32(ActivationText.Colour(i / 12.0, 1)[3..5], 16)).ToList();
        for (int i = 1; i < reds.Count; i++) Assert.True(reds[i] < reds[i - 1]);   // green falls toward orange: every level is a visible step

        var cells = new float[text.Length, 2];
        cells[2, 1] = -3f;   // unbounded values (an LSTM memory cell): range null takes the largest |value| shown
        Assert.Equal(3.0, ActivationText.Create(text, cells, [0, 1], range: null).Range);
        Assert.Equal(ActivationText.Colour(-1, 1), ActivationText.Colour(-3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationText.Create(text, acts, [3]));
        Assert.Throws<ArgumentException>(() => ActivationText.Create(text[..3], acts, [0]));
        Assert.Throws<ArgumentException>(() => ActivationText.Create(new string('x', ActivationText.MaxCharacters + 1), new float[ActivationText.MaxCharacters + 1, 1], [0]));
        var bundle = FormatterConvention.FormatAll(view);
        Assert.Equal(["text/html", "text/plain"], bundle.Select(b => b.Key));
        Assert.Equal("ActivationText: 2 unit(s) (2, 0) over 8 characters, colour range ±1", bundle[1].Value);
    }

    [Fact]
    public void Activation_text_of_the_units_a_search_found()
    {
        var text = Moby.Substring(50_000, 2_500);
        var feature = TextFeatures.WordBoundary(text);
        var (acts, planted, _) = Synthetic(feature, 12, 9);
        var ranking = UnitSearch.Rank(acts, feature);
        var view = ActivationText.ForRanking(text, acts, ranking, top: 2);
        Assert.Equal([planted, ranking.Scores[1].Unit], view.Units);
        Assert.StartsWith($"unit {planted} · r = +", view.Labels[0]);
        Assert.Contains("with “word boundary” (held-out +", view.Labels[0]);
        var dir = Directory.CreateTempSubdirectory("wb-acttext-").FullName;
        try
        {
            view.Save(Path.Combine(dir, "units.html"));
            var page = File.ReadAllText(Path.Combine(dir, "units.html"));
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<meta charset=\"utf-8\">", page);
            Assert.Contains(view.ToHtml(), page);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
