using System.Text.Json.Nodes;
using Workbench.Exercises;
using Workbench.Tests.Runner;

namespace Workbench.Tests.Exercises;

/// <summary>The exercise convention: tagged cells, solutions kept in notebooks/solutions, solved copies.</summary>
public class ExerciseNotebookTests
{
    /// <summary>Every lesson notebook that has cells tagged "exercise".</summary>
    public static IEnumerable<object[]> NotebooksWithExercises() =>
        Directory.GetFiles(RepoPaths.File("notebooks"), "*.ipynb").Order(StringComparer.Ordinal)
            .Where(p => ExerciseNotebook.Load(p).Exercises.Count > 0)
            .Select(p => new object[] { Path.GetFileName(p) });

    [Fact]
    public void Lesson_02_has_exercises_and_the_convention_holds_in_every_notebook()
    {
        Assert.Contains(NotebooksWithExercises(), n => (string)n[0] == "02-rnn-forward-and-bptt.ipynb");
        foreach (var path in Directory.GetFiles(RepoPaths.File("notebooks"), "*.ipynb"))
        {
            var nb = ExerciseNotebook.Load(path);
            if (nb.Exercises.Count == 0) continue;
            Assert.True(File.Exists(ExerciseNotebook.SolutionsPathFor(path)), $"{path}: no solutions file {ExerciseNotebook.SolutionsPathFor(path)}");
            // The committed notebook carries the stubs, not the answers.
            foreach (var e in nb.Exercises)
                Assert.True(e.Source.Contains("throw new NotImplementedException()"), $"{path}: exercise cell '{e.Id}' is not a NotImplementedException stub.");
            var solutions = ExerciseSolutions.Load(ExerciseNotebook.SolutionsPathFor(path));
            Assert.Equal(nb.Exercises.Select(e => e.Id).Order(), solutions.Keys.Order());
            Assert.All(solutions.Values, s => Assert.DoesNotContain("NotImplementedException", s));
        }
    }

    [Theory]
    [MemberData(nameof(NotebooksWithExercises))]
    public void The_solved_copy_replaces_exactly_the_exercise_cells_and_is_valid_nbformat(string notebook)
    {
        var path = RepoPaths.File(Path.Combine("notebooks", notebook));
        var nb = ExerciseNotebook.Load(path);
        var dir = Directory.CreateTempSubdirectory("wb-solved-").FullName;
        try
        {
            var solved = Path.Combine(dir, notebook);
            nb.WriteSolved(solved);
            NbformatValidator.AssertValid(solved);
            var before = Cells(path);
            var after = Cells(solved);
            var solutions = ExerciseSolutions.Load(ExerciseNotebook.SolutionsPathFor(path));
            Assert.Equal(before.Count, after.Count);
            for (int i = 0; i < before.Count; i++)
            {
                var id = before[i]["id"]!.GetValue<string>();
                Assert.Equal(id, after[i]["id"]!.GetValue<string>());
                Assert.Equal(before[i]["metadata"]!.ToJsonString(), after[i]["metadata"]!.ToJsonString());
                var source = string.Concat(after[i]["source"]!.AsArray().Select(l => l!.GetValue<string>()));
                if (solutions.TryGetValue(id, out var solution)) Assert.Equal(solution, source);
                else Assert.Equal(before[i]["source"]!.ToJsonString(), after[i]["source"]!.ToJsonString());
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    static List<JsonObject> Cells(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Select(c => (JsonObject)c!).ToList();

    [Fact]
    public void Solutions_files_parse_with_header_comments_and_reject_mistakes_with_the_line()
    {
        var ok = ExerciseSolutions.Parse("// teachers only\n\n// ==== exercise: a ====\nint A() => 1;\n\n// ==== exercise: b-2 ====\n\nint B()\n{\n    return 2;\n}\n\n", "s.cs");
        Assert.Equal("int A() => 1;", ok["a"]);
        Assert.Equal("int B()\n{\n    return 2;\n}", ok["b-2"]);

        void Rejects(string text, string message)
        {
            var e = Assert.Throws<FormatException>(() => ExerciseSolutions.Parse(text, "sol.cs"));
            Assert.Contains(message, e.Message);
        }
        Rejects("int x = 1;\n// ==== exercise: a ====\nx", "sol.cs line 1: code before the first");
        Rejects("// ==== exercise: a ====\nx\n// ==== exercise: a ====\ny", "sol.cs line 3: exercise 'a' has a second solution");
        Rejects("// ==== exercise: a ====\n\n// ==== exercise: b ====\ny", "sol.cs line 1: the solution of exercise 'a' is empty");
        Rejects("// ==== exercise a ====\nx", "sol.cs line 1: \"// ==== exercise a ====\" looks like a marker");
        Rejects("// nothing here\n", "no \"// ==== exercise: <cell id> ====\" sections");
    }

    static string Notebook(params (string Type, string? Id, string[] Tags, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (type, id, tags, source) in cells)
        {
            var cell = new JsonObject { ["cell_type"] = type, ["metadata"] = new JsonObject { ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray()) }, ["source"] = source };
            if (id is not null) cell["id"] = id;
            if (type == "code") { cell["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "old" }); cell["execution_count"] = 3; }
            array.Add(cell);
        }
        return new JsonObject { ["cells"] = array, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString();
    }

    [Fact]
    public void Writing_a_solved_copy_of_a_small_notebook_and_its_errors()
    {
        var dir = Directory.CreateTempSubdirectory("wb-exnb-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "solutions"));
            var nbPath = Path.Combine(dir, "lesson.ipynb");
            File.WriteAllText(nbPath, Notebook(("markdown", "m", [], "# hi"), ("code", "ex1", ["exercise"], "int F() => throw new NotImplementedException();"),
                                               ("code", "c1", ["check"], "Exercise.Check(\"1\", F, 2);"), ("code", "other", [], "var y = 1;")));
            File.WriteAllText(Path.Combine(dir, "solutions", "lesson.cs"), "// ==== exercise: ex1 ====\nint F()\n{\n    return 2;\n}\n");
            var nb = ExerciseNotebook.Load(nbPath);
            Assert.Equal(["ex1"], nb.Exercises.Select(e => e.Id));
            Assert.Equal(["c1"], nb.Checks.Select(e => e.Id));
            var solved = Path.Combine(dir, "out", "lesson.ipynb");
            nb.WriteSolved(solved);
            var cells = Cells(solved);
            Assert.Equal(["int F()\n", "{\n", "    return 2;\n", "}"], cells[1]["source"]!.AsArray().Select(l => l!.GetValue<string>()));
            Assert.Empty(cells[1]["outputs"]!.AsArray());
            Assert.Null(cells[1]["execution_count"]);
            Assert.Equal("var y = 1;", cells[3]["source"]!.GetValue<string>());
            Assert.Single(cells[3]["outputs"]!.AsArray());   // other cells untouched
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out"), "*.tmp"));

            File.WriteAllText(Path.Combine(dir, "solutions", "lesson.cs"), "// ==== exercise: ex9 ====\nint F() => 2;\n");
            var unknown = Assert.Throws<InvalidOperationException>(() => nb.WriteSolved(Path.Combine(dir, "x.ipynb")));
            Assert.Contains("no solution for exercise cell(s) 'ex1'", unknown.Message);
            File.WriteAllText(Path.Combine(dir, "solutions", "lesson.cs"), "// ==== exercise: ex1 ====\nint F() => 2;\n// ==== exercise: ex9 ====\nint G() => 2;\n");
            var extra = Assert.Throws<InvalidOperationException>(() => nb.WriteSolved(Path.Combine(dir, "x.ipynb")));
            Assert.Contains("solution(s) for 'ex9'", extra.Message);
            Assert.False(File.Exists(Path.Combine(dir, "x.ipynb")));

            void Rejects(string json, string message)
            {
                File.WriteAllText(nbPath, json);
                var e = Assert.Throws<FormatException>(() => ExerciseNotebook.Load(nbPath));
                Assert.Contains(message, e.Message);
            }
            Rejects(Notebook(("code", null, ["exercise"], "x"), ("code", "c", ["check"], "y")), "cell 0 is tagged \"exercise\" but has no id");
            Rejects(Notebook(("markdown", "e", ["exercise"], "x"), ("code", "c", ["check"], "y")), "cell 'e' is tagged \"exercise\" but is not a code cell");
            Rejects(Notebook(("code", "e", ["exercise"], "x"), ("code", "e", ["check"], "y")), "two tagged cells have the id 'e'");
            Rejects(Notebook(("code", "e", ["exercise"], "x")), "has exercise cells but no cell tagged \"check\"");
            Rejects("{\"cells\": [", "not valid JSON");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
