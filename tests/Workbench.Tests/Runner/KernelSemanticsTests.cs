using Workbench.Cli.Runner;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

[Collection(RunnerCollection.Name)]
public sealed class KernelSemanticsTests
{
    [Fact]
    public async Task Cells_share_state_and_a_trailing_expression_becomes_display_data()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "md:# Title", "var x = 20;", "x + 22", "var y = x;"));

        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Empty(Outputs(r, 2));
        var output = Assert.Single(Outputs(r, 3));
        Assert.Equal("display_data", output!["output_type"]!.GetValue<string>());
        Assert.Equal("42", Text(output["data"]!["text/plain"]));
        Assert.Empty(Outputs(r, 4)); // a statement (with ';') has no value
        Assert.Equal(1, r.Notebook.Cells[1].Json["execution_count"]!.GetValue<int>());
        Assert.Equal(3, r.Notebook.Cells[3].Json["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_null_valued_trailing_expression_still_produces_an_output()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "string s = null;", "s"));
        Assert.Equal("<null>", Text(Assert.Single(Outputs(r, 2))!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Default_imports_match_the_kernel()
    {
        using var nb = new TestNotebooks();
        // StringBuilder (System.Text), List (Collections.Generic), Task (Threading.Tasks), Linq, ArrayList (Collections).
        var r = await Run(nb.Write("a.ipynb",
            "var sb = new StringBuilder(\"a\"); var l = new List<int>{3,1,2}; var al = new ArrayList(); await Task.Delay(1);\nl.OrderBy(v => v).First() + sb.Length"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Equal("2", Text(Outputs(r, 1)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Stdout_and_stderr_become_stream_outputs_in_order_with_displays()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb",
            "Console.WriteLine(\"one\"); Console.Write(\"two\\n\"); Console.Error.WriteLine(\"oops\"); display(\"shown\"); Console.WriteLine(\"three\");"));
        var o = Outputs(r, 1);
        Assert.Equal(4, o.Count);
        Assert.Equal(("stream", "stdout", "one\ntwo\n"), (o[0]!["output_type"]!.GetValue<string>(), o[0]!["name"]!.GetValue<string>(), Text(o[0]!["text"])));
        Assert.Equal(("stderr", "oops\n"), (o[1]!["name"]!.GetValue<string>(), Text(o[1]!["text"])));
        Assert.Equal("shown", Text(o[2]!["data"]!["text/plain"]));
        Assert.Equal("three\n", Text(o[3]!["text"]));
    }

    [Fact]
    public async Task Display_handle_update_replaces_the_output_even_from_a_later_cell()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb",
            "var h = display(\"epoch 1\"); h.Update(\"epoch 2\");",
            "h.Update(new[] { 1, 2, 3 });",
            "display(HTML(\"<b>bold</b>\"));"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        var first = Assert.Single(Outputs(r, 1));
        Assert.Equal("[ 1, 2, 3 ]", Text(first!["data"]!["text/plain"]));
        Assert.Empty(Outputs(r, 2));
        Assert.Equal("<b>bold</b>", Text(Assert.Single(Outputs(r, 3))!["data"]!["text/html"]));
    }

    [Fact]
    public async Task An_exception_becomes_an_error_output_naming_the_cell_and_line()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "md:# t", "var a = 1;",
            "var b = 2;\nConsole.WriteLine(\"before\");\nthrow new InvalidOperationException(\"bad thing\");"));
        var failure = Assert.Single(r.Failures);
        Assert.Equal(3, failure.CellNumber);
        var o = Outputs(r, 3);
        Assert.Equal("before\n", Text(o[0]!["text"]));
        var error = o[1]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("bad thing", error["evalue"]!.GetValue<string>());
        Assert.StartsWith("Cell 3, line 3: ", error["traceback"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_compile_error_names_the_compiler_message_and_the_line_in_the_cell()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "var ok = 1;", "var a = 1;\n\nvar b = a + undefinedName;"));
        var failure = Assert.Single(r.Failures);
        Assert.Equal(2, failure.CellNumber);
        Assert.Equal("CompilationError", failure.Error.EName);
        Assert.Contains("(3,13): error CS0103: The name 'undefinedName' does not exist in the current context", failure.Error.EValue);
        Assert.StartsWith("Cell 2, line 3", failure.Error.Traceback[0]);
    }

    [Fact]
    public async Task Run_all_keeps_going_after_a_failure_and_stop_at_first_failure_does_not()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("a.ipynb", "throw new Exception(\"first\");", "int y = ;", "Console.WriteLine(\"ran\");");

        var all = await Run(path);
        Assert.Equal([1, 2], all.Failures.Select(f => f.CellNumber));
        Assert.Equal("ran\n", Text(Outputs(all, 3)[0]!["text"]));

        var stop = await Run(path, new RunOptions { StopOnFirstFailure = true });
        Assert.Equal([1], stop.Failures.Select(f => f.CellNumber));
        Assert.Empty(Outputs(stop, 3));
        Assert.Null(stop.Notebook.Cells[2].Json["execution_count"]);
    }

    [Fact]
    public async Task Hash_r_resolves_a_dll_relative_to_the_notebook_folder()
    {
        using var nb = new TestNotebooks();
        // Copy the library next to a notebook in a subfolder and reference it by a relative path.
        string lib = typeof(Workbench.Tensors.Generator).Assembly.Location;
        Directory.CreateDirectory(Path.Combine(nb.Folder, "lib"));
        File.Copy(lib, Path.Combine(nb.Folder, "lib", "Workbench.dll"));
        var r = await Run(nb.Write("sub/a.ipynb",
            "#r \"../lib/Workbench.dll\"\nusing Workbench.Tensors;\nnew Generator(7).NextInt(1000) == new Generator(7).NextInt(1000)",
            "System.IO.Directory.GetCurrentDirectory()"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Equal("True", Text(Outputs(r, 1)[0]!["data"]!["text/plain"]));
        // Like the kernel, the notebook's folder is the current directory while it runs.
        Assert.Equal(Path.Combine(nb.Folder, "sub"), Text(Outputs(r, 2)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Unsupported_magics_and_other_kernels_fail_the_cell_clearly()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "#!csharp\n1 + 1", "#!fsharp\nlet x = 1", "#r \"nuget:Foo,1.0\""));
        Assert.Equal("2", Text(Outputs(r, 1)[0]!["data"]!["text/plain"]));
        Assert.Equal([2, 3], r.Failures.Select(f => f.CellNumber));
        Assert.Contains("#!fsharp", r.Failures[0].Error.EValue);
        Assert.Contains("NuGet", r.Failures[1].Error.EValue);
    }
}
