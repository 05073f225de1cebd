using Workbench.Tables;

namespace Workbench.Tests.Tables;

public class CsvTests
{
    [Fact]
    public void Types_are_inferred_and_empty_fields_are_missing()
    {
        var t = ResultTable.LoadCsvFromString("a,b,c,d\n1,2.5,x,true\n3,,\"y,z\",False\n");
        Assert.Equal([typeof(long), typeof(double), typeof(string), typeof(bool)], t.Columns.Select(c => c.DataType));
        Assert.Equal([1L, 3L], t["a"].ToArray<long>());
        Assert.Equal([2.5, null], t["b"].ToArray<double?>());
        Assert.Equal(["x", "y,z"], t["c"].ToArray<string>());
        Assert.Equal([true, false], t["d"].ToArray<bool>());
    }

    [Fact]
    public void Writing_quotes_only_what_needs_quoting()
    {
        var t = new ResultTable(
            TableColumn.Create("text", new[] { "plain", "he said \"hi\"", "a,b", "", null }),
            TableColumn.Create("x", new double?[] { 0.1, 2, double.NaN, null, -1e-7 }));
        Assert.Equal(
            "text,x\nplain,0.1\n\"he said \"\"hi\"\"\",2\n\"a,b\",NaN\n\"\",\n,-1E-07\n",
            t.ToCsv());
    }

    [Fact]
    public void Round_trip_through_a_file_keeps_values_quotes_commas_newlines_and_nulls()
    {
        var original = new ResultTable(
            TableColumn.Create("text", new[] { "multi\nline", "quote \" inside", "comma, here", "", null, " padded " }),
            TableColumn.Create("n", new long?[] { 1, -2, null, long.MaxValue, 0, 7 }),
            TableColumn.Create("x", new double?[] { 0.1, 1.0 / 3.0, double.NaN, double.PositiveInfinity, null, -0.0 }),
            TableColumn.Create("flag", new bool?[] { true, false, null, true, false, true }));
        var dir = Directory.CreateTempSubdirectory("wb-csv-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "results.csv");
            original.SaveCsv(path);
            Assert.Single(Directory.GetFiles(dir));
            var back = ResultTable.LoadCsv(path);

            Assert.Equal(original.ColumnNames, back.ColumnNames);
            Assert.Equal(original.Columns.Select(c => c.DataType), back.Columns.Select(c => c.DataType));
            foreach (var c in original.Columns)
                Assert.Equal(c.Values, back[c.Name].Values);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Ragged_rows_name_the_line_counting_newlines_inside_quotes()
    {
        var e = Assert.Throws<FormatException>(() => ResultTable.LoadCsvFromString("a,b\n\"x\ny\",2\n3\n"));
        Assert.Contains("line 4", e.Message);
        Assert.Contains("expected 2 fields but found 1", e.Message);
    }

    [Fact]
    public void Malformed_quotes_and_duplicate_headers_are_reported()
    {
        Assert.Contains("never closed", Assert.Throws<FormatException>(() => ResultTable.LoadCsvFromString("a\n\"open\n")).Message);
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => ResultTable.LoadCsvFromString("a\nx\"y\n")).Message);
        Assert.Contains("'a' more than once", Assert.Throws<FormatException>(() => ResultTable.LoadCsvFromString("a,a\n1,2\n")).Message);
        Assert.Throws<FormatException>(() => ResultTable.LoadCsvFromString(""));
    }

    [Fact]
    public void Explicit_column_types_override_inference_and_bad_values_name_line_and_column()
    {
        var t = ResultTable.LoadCsvFromString("id,v\n007,1\n010,2\n", columnTypes: new Dictionary<string, Type> { ["id"] = typeof(string) });
        Assert.Equal(["007", "010"], t["id"].ToArray<string>());
        var e = Assert.Throws<FormatException>(() =>
            ResultTable.LoadCsvFromString("id,v\n1,2\n2,x\n", columnTypes: new Dictionary<string, Type> { ["v"] = typeof(double) }));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 'v'", e.Message);
    }

    [Fact]
    public void Headerless_files_get_numbered_columns_and_crlf_is_accepted()
    {
        var t = ResultTable.LoadCsvFromString("1;x\r\n2;y\r\n", separator: ';', header: false);
        Assert.Equal(["Column0", "Column1"], t.ColumnNames);
        Assert.Equal(["x", "y"], t["Column1"].ToArray<string>());
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ResultTable.LoadCsv("/no/such/results.csv"));
        Assert.Contains("/no/such/results.csv", e.Message);
    }
}
