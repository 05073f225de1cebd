using System.Diagnostics;
using Workbench.Cli.Runner;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

[Collection(RunnerCollection.Name)]
public sealed class NotebookFileTests
{
    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("""{"nbformat":3,"nbformat_minor":0,"metadata":{},"worksheets":[]}""", "has nbformat 3; only nbformat 4 is supported")]
    [InlineData("""{"nbformat":4,"nbformat_minor":5,"cells":[],"metadata":{"kernelspec":{"name":"python3","display_name":"Python 3","language":"python"}}}""",
        "uses kernel \"python3\", not a .NET Polyglot kernel")]
    [InlineData("""{"nbformat":4,"nbformat_minor":5,"cells":[],"metadata":{"kernelspec":{"name":".net-fsharp"}}}""",
        "has default kernel \"fsharp\"")]
    [InlineData("""{"nbformat":4,"nbformat_minor":5,"cells":[],"metadata":{}}""", "has no metadata.kernelspec.name")]
    public async Task A_malformed_notebook_gets_one_clear_error_naming_the_file(string content, string problem)
    {
        using var nb = new TestNotebooks();
        string path = nb.WriteRaw("bad.ipynb", content);
        var e = await Assert.ThrowsAsync<NotebookFormatException>(() => NotebookRunner.RunAsync(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_tagged_cell_with_typed_values()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("p.ipynb",
            "tag:parameters\nvar quick = false;\nvar epochs = 100;\nvar lr = 0.1;\nvar name = \"base\";",
            "$\"{quick}|{epochs + 1}|{lr * 2}|{name}|{name.GetType().Name}|{epochs.GetType().Name}\"");
        var parameters = new[] { "quick=true", "epochs=3", "lr=0.5", "name=big model" }.Select(NotebookParameter.Parse).ToArray();

        var r = await Run(path, new RunOptions { Parameters = parameters });

        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Empty(r.Warnings);
        var injected = r.Notebook.Cells[1];
        Assert.Equal(["injected-parameters"], injected.Tags);
        Assert.Equal("// Parameters\nvar quick = true;\nvar epochs = 3;\nvar lr = 0.5;\nvar name = \"big model\";", injected.Source);
        Assert.Equal("True|4|1|big model|String|Int32", Shown(Outputs(r, 3)[0]));
    }

    [Fact]
    public async Task Rerunning_an_executed_notebook_replaces_its_injected_cell()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("p.ipynb", "tag:parameters\nvar epochs = 100;", "epochs");
        var first = await Run(path, new RunOptions { Parameters = [NotebookParameter.Parse("epochs=3")] });
        first.Notebook.Save(path);
        var second = await Run(path, new RunOptions { Parameters = [NotebookParameter.Parse("epochs=4")] });
        Assert.Single(second.Notebook.Cells, c => c.HasTag("injected-parameters"));
        Assert.Equal("4", Shown(Outputs(second, 3)[0]));
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("12", "12")]
    [InlineData("-3", "-3")]
    [InlineData("5000000000", "5000000000L")]
    [InlineData("2", "2")]
    [InlineData("1e-3", "0.001")]
    [InlineData("2.50", "2.5")]
    [InlineData("\"12\"", "\"12\"")]
    [InlineData("say \"hi\"\\now", "\"say \\\"hi\\\"\\\\now\"")]
    public void Parameter_values_are_typed_by_their_text(string value, string literal) =>
        Assert.Equal(literal, NotebookParameter.ToLiteral(value));

    [Theory]
    [InlineData("novalue")]
    [InlineData("=3")]
    [InlineData("2x=3")]
    public void A_bad_parameter_names_the_problem(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => NotebookParameter.Parse(text));
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public async Task Missing_cell_ids_get_stable_ids_and_unknown_metadata_survives()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("a.ipynb", "md:# T", "1");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"id\":\"c1\",", "").Replace("\"nbformat_minor\":5", "\"nbformat_minor\":4"));
        var a = (await Run(path)).Notebook.ToJson();
        var b = (await Run(path)).Notebook.ToJson();
        Assert.Equal(a, b); // nothing varies run to run
        Assert.Contains("\"id\": \"cell-1\"", a);
        Assert.Contains("\"custom_field\": {", a);
        Assert.Contains("\"nbformat_minor\": 5", a);
    }

    [Fact]
    public void Reading_and_writing_a_lesson_changes_nothing()
    {
        // .NET Interactive's reader and writer keep every field of the lessons as VS Code saved them.
        foreach (string path in Directory.GetFiles(RepoPaths.File("notebooks"), "*.ipynb"))
            Assert.Equal(File.ReadAllText(path), NotebookDocument.Load(path).ToJson());
    }

    [Fact]
    public async Task The_executed_notebook_passes_nbformat_validation()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("a.ipynb", "md:# Title", "tag:parameters\nvar n = 1;",
            "Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\"); display(HTML(\"<i>x</i>\")); n",
            "throw new Exception(\"boom\");", "int x = ;");
        var r = await Run(path, new RunOptions { Parameters = [NotebookParameter.Parse("n=2")] });
        string executed = Path.Combine(nb.Folder, "out.ipynb");
        r.Notebook.Save(executed);
        NbformatValidator.AssertValid(executed);
    }
}

/// <summary>Validates with the reference implementation, Jupyter's nbformat (Debian's python3-nbformat).</summary>
internal static class NbformatValidator
{
    public static void AssertValid(string path)
    {
        var check = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbformat"])
            { RedirectStandardError = true })!;
        check.WaitForExit();
        Assert.True(check.ExitCode == 0,
            "python3-nbformat is missing: run `bash .ci/install.sh` (apt-get install python3-nbformat) to validate notebooks.");
        var p = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"nbformat rejected {path}:\n{err}");
    }
}
