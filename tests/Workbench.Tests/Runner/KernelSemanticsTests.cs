using System.Text.Json.Nodes;
using Workbench.Cli.Runner;
using static Workbench.Tests.Runner.TestNotebooks;

namespace Workbench.Tests.Runner;

/// <summary>What a cell does in the runner, which hosts the real .NET Interactive C# kernel: the kernel's
/// semantics (chained submissions, return values, helpers, imports, working directory) and how its events become
/// nbformat outputs.</summary>
[Collection(RunnerCollection.Name)]
public sealed class KernelSemanticsTests
{
    /// <summary>The library as notebooks load it: the build output in artifacts/, with its NuGet assemblies beside it.</summary>
    internal static string Library => RepoPaths.File("artifacts/bin/Workbench/release/Workbench.dll");

    [Fact]
    public async Task Cells_share_state_and_a_trailing_expression_becomes_display_data()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "md:# Title", "var x = 20;", "x + 22", "var y = x;", "var x = \"redeclared\";\nx"));

        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Empty(Outputs(r, 2));
        var output = Assert.Single(Outputs(r, 3));
        Assert.Equal("display_data", output!["output_type"]!.GetValue<string>());
        Assert.Equal("42", Shown(output));
        // As VS Code's front end asks: plain values as HTML (<pre>), strings as text/plain.
        Assert.Equal(["text/html"], output["data"]!.AsObject().Select(kv => kv.Key));
        Assert.Empty(Outputs(r, 4)); // a statement (with ';') has no value
        Assert.Equal(["text/plain"], Outputs(r, 5)[0]!["data"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal("redeclared", Shown(Outputs(r, 5)[0]));
        Assert.Equal(1, r.Notebook.Cells[1].ExecutionCount);
        Assert.Equal(3, r.Notebook.Cells[3].ExecutionCount);
        Assert.Null(r.Notebook.Cells[0].ExecutionCount);   // markdown
    }

    [Fact]
    public async Task A_null_valued_trailing_expression_still_produces_an_output()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "string s = null;", "s"));
        Assert.Equal("<null>", Shown(Assert.Single(Outputs(r, 2))));
    }

    [Fact]
    public async Task Default_imports_and_kernel_helpers_are_in_scope()
    {
        using var nb = new TestNotebooks();
        // StringBuilder (System.Text), List (Collections.Generic), Task (Threading.Tasks), Linq, ArrayList (Collections);
        // display and HTML come from the kernel (Microsoft.DotNet.Interactive.Kernel).
        var r = await Run(nb.Write("a.ipynb",
            "var sb = new StringBuilder(\"a\"); var l = new List<int>{3,1,2}; var al = new ArrayList(); await Task.Delay(1);\nl.OrderBy(v => v).First() + sb.Length",
            "display(HTML(\"<b>bold</b>\"));\ntypeof(Microsoft.DotNet.Interactive.Kernel).Assembly.GetName().Name"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Equal("2", Shown(Outputs(r, 1)[0]));
        Assert.Equal("<b>bold</b>", Text(Outputs(r, 2)[0]!["data"]!["text/html"]));
        Assert.Equal("Microsoft.DotNet.Interactive", Shown(Outputs(r, 2)[1]));
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
            "var h = display(\"epoch 1\"); for (int e = 2; e <= 5; e++) h.Update($\"epoch {e}\");",
            "h.Update(\"done\");",
            "display(HTML(\"<b>bold</b>\"));"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Equal("done", Text(Assert.Single(Outputs(r, 1))!["data"]!["text/plain"]));
        Assert.Empty(Outputs(r, 2));
        Assert.Equal("<b>bold</b>", Text(Assert.Single(Outputs(r, 3))!["data"]!["text/html"]));
    }

    [Fact]
    public async Task Each_handle_updates_its_own_display_beside_other_outputs()
    {
        using var nb = new TestNotebooks();
        // A text progress line updated while other displays appear, and a second handle of another kind
        // (HTML) updated after the first: each update lands on its own display, nothing is appended.
        var r = await Run(nb.Write("a.ipynb",
            "var progress = display(\"starting\");\nConsole.WriteLine(\"log\");\nprogress.Update(\"step 1\");\ndisplay(\"a result\");\nprogress.Update(\"step 2\");",
            "var live = display(HTML(\"<i>v1</i>\"));\nprogress.Update(\"step 3\");\nlive.Update(HTML(\"<i>v2</i>\"));\nprogress.Update(\"finished\");"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        var first = Outputs(r, 1);
        Assert.Equal(3, first.Count);
        Assert.Equal("finished", Text(first[0]!["data"]!["text/plain"]));
        Assert.Equal("log\n", Text(first[1]!["text"]));
        Assert.Equal("a result", Text(first[2]!["data"]!["text/plain"]));
        Assert.Equal("<i>v2</i>", Text(Assert.Single(Outputs(r, 2))!["data"]!["text/html"]));
    }

    [Fact]
    public async Task An_exception_becomes_an_error_output_naming_the_cell_and_line()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "md:# t", "var a = 1;",
            "var b = 2;\nConsole.WriteLine(\"before\");\nthrow new InvalidOperationException(\"bad thing\");",
            "// a helper\nvoid Deep(int n) { if (n == 0) throw new ArgumentException(\"deep\"); Deep(n - 1); }\n\n\nDeep(3);"));
        Assert.Equal([3, 4], r.Failures.Select(f => f.CellNumber));
        var o = Outputs(r, 3);
        Assert.Equal("before\n", Text(o[0]!["text"]));
        var error = o[1]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("bad thing", error["evalue"]!.GetValue<string>());
        Assert.StartsWith("Cell 3, line 3: ", error["traceback"]![0]!.GetValue<string>());
        // The line where the cell's code threw (inside the method the cell declared), not where it was called.
        Assert.StartsWith("Cell 4, line 2: System.ArgumentException: deep", r.Failures[1].Error.Traceback[0]);
        Assert.DoesNotContain(r.Failures[1].Error.Traceback, l => l.Contains("Microsoft.DotNet.Interactive"));
    }

    [Fact]
    public async Task A_compile_error_names_the_compiler_message_and_the_line_in_the_cell()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb", "var ok = 1;", "var a = 1;\n\nvar b = a + undefinedName;", "ok + 1"));
        var failure = Assert.Single(r.Failures);
        Assert.Equal(2, failure.CellNumber);
        Assert.Equal("CompilationError", failure.Error.EName);
        Assert.Contains("(3,13): error CS0103: The name 'undefinedName' does not exist in the current context", failure.Error.EValue);
        Assert.StartsWith("Cell 2, line 3", failure.Error.Traceback[0]);
        Assert.Equal("2", Shown(Outputs(r, 3)[0]));   // the failed submission left the state as it was
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
        Assert.Null(stop.Notebook.Cells[2].ExecutionCount);
        Assert.Null(JsonNode.Parse(stop.Notebook.ToJson())!["cells"]![2]!["execution_count"]);
    }

    [Fact]
    public async Task Hash_r_resolves_a_dll_relative_to_the_notebook_folder_which_is_the_current_directory()
    {
        using var nb = new TestNotebooks();
        // The library and its NuGet assemblies copied to a folder, referenced by a path relative to the notebook.
        string lib = Path.Combine(nb.Folder, "lib");
        Directory.CreateDirectory(lib);
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Library)!, "*.dll"))
            File.Copy(f, Path.Combine(lib, Path.GetFileName(f)));
        var r = await Run(nb.Write("sub/a.ipynb",
            "#r \"../lib/Workbench.dll\"\nusing Workbench.Tensors;\nnew Generator(7).NextInt(1000) == new Generator(7).NextInt(1000)",
            "System.IO.Directory.GetCurrentDirectory()"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        Assert.Equal("True", Shown(Outputs(r, 1)[0]));
        Assert.Equal(Path.Combine(nb.Folder, "sub"), Shown(Outputs(r, 2)[0]));
    }

    [Fact]
    public async Task Tensors_and_modules_show_as_text_and_compiler_warnings_stay_out_of_the_outputs()
    {
        using var nb = new TestNotebooks();
        var r = await Run(nb.Write("a.ipynb",
            $"#r \"{Library}\"\nusing Workbench.Tensors;\nusing Workbench.NN;",
            "Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3)",
            "new Linear(4, 2, generator: new Generator(1))",
            "display(Tensor.FromArray(new float[] { 0.5f }, 1));",
            "#warning a warning is a squiggle in VS Code, not an output\n5"));
        Assert.True(r.Succeeded, string.Join("\n", r.Failures));
        var tensor = Assert.Single(Outputs(r, 2))!["data"]!.AsObject();
        Assert.Equal(["text/plain"], tensor.Select(kv => kv.Key));   // no HTML property tree
        string text = Text(tensor["text/plain"]);
        Assert.Equal(Workbench.Tensors.Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3).ToString(), text);
        Assert.Contains("[2x3]", text.Replace(", ", "x"));
        var module = Assert.Single(Outputs(r, 3))!["data"]!.AsObject();
        Assert.Equal("Linear(in_features=4, out_features=2, bias=True)", Text(module["text/plain"]));
        Assert.Equal(["text/plain"], Outputs(r, 4)[0]!["data"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal("5", Shown(Assert.Single(Outputs(r, 5))));
        string json = r.Notebook.ToJson();
        Assert.DoesNotContain("CS1030", json);   // the #warning
        Assert.DoesNotContain("CS1701", json);   // assembly-binding warnings, should the kernel's references mismatch
        Assert.DoesNotContain("CS1702", json);
    }

    [Fact]
    public async Task Other_kernels_and_nuget_references_fail_the_cell_clearly()
    {
        using var nb = new TestNotebooks();
        string path = nb.Write("a.ipynb", "#!csharp\n1 + 1", "#!fsharp\nlet x = 1", "#r \"nuget:Foo,1.0\"", "#!unknown\n1");
        // A cell whose metadata names another kernel.
        File.WriteAllText(path, File.ReadAllText(path).Replace(
            "\"id\":\"c4\",\"metadata\":{\"dotnet_interactive\":{\"language\":\"csharp\"},\"polyglot_notebook\":{\"kernelName\":\"csharp\"}}",
            "\"id\":\"c4\",\"metadata\":{\"dotnet_interactive\":{\"language\":\"pwsh\"},\"polyglot_notebook\":{\"kernelName\":\"pwsh\"}}"));
        var r = await Run(path);
        Assert.Equal("2", Shown(Outputs(r, 1)[0]));
        Assert.Equal([2, 3, 4], r.Failures.Select(f => f.CellNumber));
        Assert.Contains("the cell's kernel is \"fsharp\"; the runner executes C# cells only", r.Failures[0].Error.EValue);
        Assert.Contains("NuGet references are not available", r.Failures[1].Error.EValue);
        Assert.StartsWith("Cell 3, line 1", r.Failures[1].Error.Traceback[0]);
        Assert.Contains("the cell's kernel is \"pwsh\"", r.Failures[2].Error.EValue);
    }
}
