using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.Tests.Frames;

/// <summary>The paged HTML view and the plain-text view of a DataFrame (Workbench.Frames.FrameDisplay).</summary>
public class FramePagingTests
{
    static DataFrame Numbers(int n) => new(new Int32DataFrameColumn("i", Enumerable.Range(0, n).Select(i => (int?)i)),
        new DoubleDataFrameColumn("sq", Enumerable.Range(0, n).Select(i => (double?)(i * 0.5))));

    [Fact]
    public void Long_tables_are_paged_25_rows_at_a_time_with_buttons()
    {
        var html = Numbers(60).ToHtml();
        Assert.Equal(60, Regex.Matches(html, "<tr data-page=").Count);
        Assert.Equal(25, Regex.Matches(html, "<tr data-page=\"0\">").Count);           // page 1 visible
        Assert.Equal(10, Regex.Matches(html, "<tr data-page=\"2\" style=\"display:none\">").Count); // rows 50..59
        Assert.Contains("Page 1 of 3", html);
        foreach (var go in new[] { "first", "prev", "next", "last" }) Assert.Contains($"data-go=\"{go}\"", html);
        Assert.Contains("<script", html);
    }

    [Fact]
    public void Short_tables_have_no_pager_and_cells_are_html_escaped()
    {
        var t = new DataFrame(new StringDataFrameColumn("token", ["<b>&", "ok"]));
        var html = t.ToHtml();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("wb-pager", html);
        Assert.Contains("&lt;b&gt;&amp;", html);
        Assert.Contains("2 rows \u00d7 1 columns", html);
    }

    [Fact]
    public void Page_size_is_configurable()
    {
        Assert.Contains("Page 1 of 6", Numbers(60).ToHtml(pageSize: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbers(3).ToHtml(pageSize: 0));
    }

    [Fact]
    public void Plain_text_aligns_columns_and_right_aligns_numbers()
    {
        var t = new DataFrame(new StringDataFrameColumn("model", ["rnn", "lstm"]), new DoubleDataFrameColumn("loss", new double?[] { 1.5, 0.25 }));
        Assert.Equal(
            "   model  loss\n" +
            "0  rnn     1.5\n" +
            "1  lstm   0.25\n" +
            "[2 rows x 2 columns]", t.ToText());
    }

    [Fact]
    public void Plain_text_of_a_long_table_shows_both_ends()
    {
        var lines = Numbers(30).ToText().Split('\n');
        Assert.Equal(1 + 10 + 1 + 10 + 1, lines.Length);
        Assert.Contains("...", lines[11]);
        Assert.StartsWith("29", lines[^2].TrimStart());
    }
}
