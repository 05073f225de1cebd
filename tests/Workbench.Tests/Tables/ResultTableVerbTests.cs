using Workbench.Tables;

namespace Workbench.Tests.Tables;

public class ResultTableVerbTests
{
    // model, epoch, loss, best: a small hand-checked results table.
    static ResultTable Runs() => new(
        TableColumn.Create("model", new[] { "rnn", "gru", "rnn", "gru", "rnn" }),
        TableColumn.Create("epoch", new[] { 1, 1, 2, 2, 3 }),
        TableColumn.Create("loss", new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }),
        TableColumn.Create("best", new[] { false, true, false, false, true }));

    [Fact]
    public void Columns_have_storage_types_and_unknown_names_list_the_known_ones()
    {
        var t = Runs();
        Assert.Equal([typeof(string), typeof(long), typeof(double), typeof(bool)], t.Columns.Select(c => c.DataType));
        Assert.Equal(5, t.RowCount);
        Assert.Equal(3L, t["epoch"][4]);
        Assert.Equal("gru", t.Rows[1]["model"]);
        var e = Assert.Throws<KeyNotFoundException>(() => t["acc"]);
        Assert.Contains("'acc'", e.Message);
        Assert.Contains("model, epoch, loss, best", e.Message);
    }

    [Fact]
    public void Head_and_tail_take_rows_from_each_end()
    {
        Assert.Equal([1.0, 2.0], Runs().Head(2)["loss"].ToDoubles());
        Assert.Equal([4.0, 5.0], Runs().Tail(2)["loss"].ToDoubles());
        Assert.Equal(5, Runs().Head(99).RowCount);
    }

    [Fact]
    public void Filter_by_predicate_bool_column_and_mask()
    {
        Assert.Equal([3.0, 5.0], Runs().Filter(r => r.GetString("model") == "rnn" && r.GetLong("epoch") > 1)["loss"].ToDoubles());
        Assert.Equal([2.0, 5.0], Runs().Filter("best")["loss"].ToDoubles());
        Assert.Equal([1.0, 4.0], Runs().Filter([true, false, false, true, false])["loss"].ToDoubles());
        Assert.Throws<ArgumentException>(() => Runs().Filter("loss"));
    }

    [Fact]
    public void OrderBy_is_stable_and_puts_missing_values_last()
    {
        var t = new ResultTable(
            TableColumn.Create("id", new[] { "a", "b", "c", "d", "e" }),
            TableColumn.Create("score", new double?[] { 2, null, 1, 2, double.NaN }));
        Assert.Equal(["c", "a", "d", "b", "e"], t.OrderBy("score")["id"].ToArray<string>());
        Assert.Equal(["a", "d", "c", "b", "e"], t.OrderByDescending("score")["id"].ToArray<string>());
    }

    [Fact]
    public void GroupBy_reductions_match_hand_computed_values()
    {
        var g = Runs().GroupBy("model");
        var mean = g.Mean();
        Assert.Equal(["rnn", "gru"], mean["model"].ToArray<string>());
        Assert.Equal([2.0, 1.5], mean["epoch"].ToDoubles());  // (1+2+3)/3, (1+2)/2
        Assert.Equal([3.0, 3.0], mean["loss"].ToDoubles());   // (1+3+5)/3, (2+4)/2
        Assert.False(mean.HasColumn("best"));

        var sum = g.Sum();
        Assert.Equal(typeof(long), sum["epoch"].DataType);
        Assert.Equal([6L, 3L], sum["epoch"].ToArray<long>());
        Assert.Equal([9.0, 6.0], sum["loss"].ToDoubles());

        Assert.Equal([3L, 2L], g.Count()["best"].ToArray<long>());
        Assert.Equal([1.0, 2.0], g.Min()["loss"].ToDoubles());
        Assert.Equal([5.0, 4.0], g.Max()["loss"].ToDoubles());
    }

    [Fact]
    public void Aggregate_builder_makes_several_named_columns()
    {
        var t = Runs().GroupBy("model").Aggregate(a => a.Count().Mean("loss").Max("epoch").Std("loss"));
        Assert.Equal(["model", "count", "loss_mean", "epoch_max", "loss_std"], t.ColumnNames);
        Assert.Equal([3L, 2L], t["count"].ToArray<long>());
        Assert.Equal([3.0, 3.0], t["loss_mean"].ToDoubles());
        Assert.Equal([3L, 2L], t["epoch_max"].ToArray<long>());
        // rnn: 1,3,5 -> sample variance ((4+0+4)/2) = 4; gru: 2,4 -> (1+1)/1 = 2.
        Assert.Equal(2.0, t["loss_std"].ToDoubles()[0], 12);
        Assert.Equal(Math.Sqrt(2), t["loss_std"].ToDoubles()[1], 12);
        Assert.Throws<InvalidOperationException>(() => Runs().GroupBy("epoch").Aggregate(a => a.Mean("model")));
    }

    [Fact]
    public void Describe_gives_count_mean_sample_std_min_max_of_numeric_columns()
    {
        var t = new ResultTable(TableColumn.Create("x", new double?[] { 1, 2, null, 3, 4 }), TableColumn.Create("name", new[] { "a", "b", "c", "d", "e" }));
        var d = t.Describe();
        Assert.Equal(["statistic", "x"], d.ColumnNames);
        Assert.Equal(["count", "mean", "std", "min", "max"], d["statistic"].ToArray<string>());
        var x = d["x"].ToDoubles();
        Assert.Equal(4, x[0]);
        Assert.Equal(2.5, x[1]);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), x[2], 12); // squares of deviations 2.25+0.25+0.25+2.25 = 5, over n-1 = 3
        Assert.Equal(1, x[3]);
        Assert.Equal(4, x[4]);
    }

    [Fact]
    public void AddColumn_computes_from_rows_and_Append_adds_in_place()
    {
        var t = Runs().AddColumn("ppl", r => Math.Exp(r.GetDouble("loss")));
        Assert.Equal(Math.Exp(3.0), t["ppl"].ToDoubles()[2], 12);

        var log = ResultTable.WithSchema(("epoch", typeof(int)), ("loss", typeof(double)));
        log.Append(1, 0.5).Append(new Dictionary<string, object?> { ["epoch"] = 2L });
        Assert.Equal(2, log.RowCount);
        Assert.Equal(typeof(long), log["epoch"].DataType);
        Assert.Null(log["loss"][1]);
    }

    [Fact]
    public void Type_mismatch_names_the_column_and_leaves_the_table_unchanged()
    {
        var log = ResultTable.WithSchema(("epoch", typeof(long)), ("loss", typeof(double)));
        var e = Assert.Throws<ArgumentException>(() => log.Append(1, "high"));
        Assert.Contains("column 'loss'", e.Message);
        Assert.Contains("high", e.Message);
        Assert.Equal(0, log.RowCount);
        Assert.Equal(0, log["epoch"].Length);
        Assert.Throws<ArgumentException>(() => log.Append(0.5, 1.0)); // a double does not fit a long column
        Assert.Throws<ArgumentException>(() => log.Append(1));       // wrong value count
    }

    [Fact]
    public void Columns_of_different_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ResultTable(TableColumn.Create("a", new[] { 1 }), TableColumn.Create("b", new[] { 1, 2 })));
        Assert.Contains("'b' has 2 rows but the table has 1", e.Message);
    }
}
