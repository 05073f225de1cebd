using Microsoft.Data.Analysis;
using Workbench.Frames;

namespace Workbench.Tests.Frames;

public class FrameCsvTests
{
    static DataFrame Results() => new(
        new Int32DataFrameColumn("seed", new int?[] { 42, 43, null, -1 }),
        new StringDataFrameColumn("cell", ["Gru", "say \"hi\", then\nleave", "", null]),
        new DoubleDataFrameColumn("ppl", new double?[] { 142.1, 3.0, null, 1.0 / 3.0 }),
        new DoubleDataFrameColumn("grad", new double?[] { -1e-7, double.NaN, double.PositiveInfinity, 0.1 + 0.2 }),
        new Int64DataFrameColumn("tokens", new long?[] { 5_000_000_000, 0, 7, null }),
        new BooleanDataFrameColumn("converged", new bool?[] { true, false, null, true }),
        new DoubleDataFrameColumn("epochs", new double?[] { 1.0, 2.0, null, 40.0 }));   // whole doubles stay doubles

    [Fact]
    public void Strings_are_quoted_numbers_are_bare_and_whole_doubles_keep_a_decimal_point()
    {
        Assert.Equal(
            "\"seed\",\"cell\",\"ppl\",\"grad\",\"tokens\",\"converged\",\"epochs\"\n" +
            "42,\"Gru\",142.1,-1E-07,5000000000,true,1.0\n" +
            "43,\"say \"\"hi\"\", then\nleave\",3.0,NaN,0,false,2.0\n" +
            ",\"\",,Infinity,7,,\n" +
            "-1,,0.3333333333333333,0.30000000000000004,,true,40.0\n",
            Csv.ToCsv(Results()));
    }

    [Fact]
    public void Round_trip_through_a_file_keeps_every_type_value_and_null_exactly()
    {
        var original = Results();
        var dir = Directory.CreateTempSubdirectory("wb-frame-csv-").FullName;
        try
        {
            var path = Path.Combine(dir, "results.csv");
            Csv.Save(original, path);
            Assert.Single(Directory.GetFiles(dir)); // no temp file left behind
            var back = Csv.Load(path);
            Assert.Equal(original.Columns.Select(c => c.Name), back.Columns.Select(c => c.Name));
            Assert.Equal(original.Columns.Select(c => c.DataType), back.Columns.Select(c => c.DataType));
            for (int c = 0; c < original.Columns.Count; c++)
                for (long r = 0; r < original.Rows.Count; r++)
                    Assert.Equal(original.Columns[c][r], back.Columns[c][r]);
            Assert.Equal(142.1, (double)back["ppl"][0]!);                  // not 142.09999
            Assert.Null(back["cell"][3]);                                  // missing string stays missing
            Assert.Equal("", back["cell"][2]);                             // empty string stays empty
            Assert.Equal(Csv.ToCsv(original), Csv.ToCsv(back));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Files_from_other_tools_get_types_from_their_values()
    {
        var df = Csv.LoadFromString("model,seed,loss,ok,tokens\nrnn,1,0.5,True,3000000000\nlstm,2,1,false,4\n");
        Assert.Equal([typeof(string), typeof(int), typeof(double), typeof(bool), typeof(long)], df.Columns.Select(c => c.DataType));
        Assert.Equal(1.0, df["loss"][1]);
        Assert.Equal("lstm", df["model"][1]);
    }

    [Fact]
    public void Column_types_can_be_given_and_an_unknown_column_is_named()
    {
        var df = Csv.LoadFromString("\"seed\",\"x\"\n1,2\n", new Dictionary<string, Type> { ["seed"] = typeof(long), ["x"] = typeof(float) });
        Assert.Equal(typeof(long), df["seed"].DataType);
        Assert.Equal(2f, df["x"][0]);
        var e = Assert.Throws<ArgumentException>(() => Csv.LoadFromString("\"seed\",\"x\"\n1,2\n", new Dictionary<string, Type> { ["sede"] = typeof(int) }, source: "runs.csv"));
        Assert.Contains("runs.csv, line 1", e.Message);
        Assert.Contains("no column 'sede'", e.Message);
        Assert.Contains("'seed', 'x'", e.Message);
    }

    [Theory]
    [InlineData("\"a\",\"b\"\n1,2\n3,4,5\n", "runs.csv, line 3: expected 2 fields but found 3: field 3 has no column")]
    [InlineData("\"a\",\"b\",\"c\"\n1,2,3\n\"x\ny\",2\n", "runs.csv, line 3: expected 3 fields but found 2: column 'c' (column 3) is missing")]
    [InlineData("\"seed\",\"loss\"\n1,0.5\n2,0.4x\n", "runs.csv, line 3, column 'loss' (column 2): '0.4x' is not a number")]
    [InlineData("\"seed\",\"cell\"\n1,\"Gru\"\n2,Lstm\n", "runs.csv, line 3, column 'cell' (column 2): 'Lstm' is not quoted")]
    [InlineData("\"a\",\"a\"\n1,2\n", "runs.csv, line 1: column 'a' is named twice (columns 1 and 2)")]
    public void Bad_files_name_the_file_line_and_column(string csv, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => Csv.LoadFromString(csv, source: "runs.csv"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_given_type_that_does_not_parse_names_the_place()
    {
        var e = Assert.Throws<FormatException>(() =>
            Csv.LoadFromString("seed,loss\n1,0.5\n2,abc\n", new Dictionary<string, Type> { ["loss"] = typeof(double) }, source: "runs.csv"));
        Assert.Contains("runs.csv, line 3, column 'loss' (column 2): 'abc' is not a double", e.Message);
        e = Assert.Throws<FormatException>(() =>
            Csv.LoadFromString("seed\n1\n2.5\n", new Dictionary<string, Type> { ["seed"] = typeof(int) }, source: "runs.csv"));
        Assert.Contains("line 3, column 'seed' (column 1): '2.5' is not an int", e.Message);
    }

    [Fact]
    public void Columns_of_other_types_are_refused_by_name_before_anything_is_written()
    {
        var df = new DataFrame(new DateTimeDataFrameColumn("when", [DateTime.UnixEpoch]));
        var dir = Directory.CreateTempSubdirectory("wb-frame-csv-").FullName;
        try
        {
            var e = Assert.Throws<ArgumentException>(() => Csv.Save(df, Path.Combine(dir, "x.csv")));
            Assert.Contains("'when' holds DateTime", e.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
