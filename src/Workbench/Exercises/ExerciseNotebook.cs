using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.IO;

namespace Workbench.Exercises;

/// <summary>A code cell of a notebook: its id, position (0-based) and source.</summary>
public sealed record NotebookCell(string Id, int Index, string Source);

/// <summary>
/// The exercise convention of a notebook: code cells tagged <c>exercise</c> (metadata.tags; each with a stable
/// cell id) hold what the student writes, starting as stubs that throw NotImplementedException; cells tagged
/// <c>check</c> call <see cref="Exercise"/>. Solutions live in notebooks/solutions/&lt;stem&gt;.cs (see
/// <see cref="ExerciseSolutions"/>); <see cref="WriteSolved"/> builds a copy with every exercise cell replaced by its
/// solution, which is how the tests keep the checks honest.
/// </summary>
public sealed class ExerciseNotebook
{
    public const string ExerciseTag = "exercise";
    public const string CheckTag = "check";

    readonly JsonObject document;

    ExerciseNotebook(string path, JsonObject document, IReadOnlyList<NotebookCell> exercises, IReadOnlyList<NotebookCell> checks)
    {
        Path = path;
        this.document = document;
        Exercises = exercises;
        Checks = checks;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Exercises { get; }

    public IReadOnlyList<NotebookCell> Checks { get; }

    /// <summary>notebooks/solutions/&lt;stem&gt;.cs next to the notebook.</summary>
    public static string SolutionsPathFor(string notebookPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(notebookPath))!, "solutions",
                               System.IO.Path.GetFileNameWithoutExtension(notebookPath) + ".cs");

    public static ExerciseNotebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        JsonObject doc;
        try { doc = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path}: not a JSON object."); }
        catch (JsonException e) { throw new FormatException($"{path}: not valid JSON ({e.Message}).", e); }
        if (doc["cells"] is not JsonArray cells) throw new FormatException($"{path}: no \"cells\" array.");
        var exercises = new List<NotebookCell>();
        var checks = new List<NotebookCell>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) throw new FormatException($"{path}: cell {i} is not an object.");
            var tags = (cell["metadata"]?["tags"] as JsonArray)?.Select(t => t?.GetValue<string>()).ToArray() ?? [];
            bool isExercise = tags.Contains(ExerciseTag), isCheck = tags.Contains(CheckTag);
            if (!isExercise && !isCheck) continue;
            string what = isExercise ? ExerciseTag : CheckTag;
            if (isExercise && isCheck) throw new FormatException($"{path}: cell {i} is tagged both \"exercise\" and \"check\".");
            var id = cell["id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id)) throw new FormatException($"{path}: cell {i} is tagged \"{what}\" but has no id; give it a stable one.");
            if (!ids.Add(id)) throw new FormatException($"{path}: two tagged cells have the id '{id}'.");
            if (cell["cell_type"]?.GetValue<string>() != "code") throw new FormatException($"{path}: cell '{id}' is tagged \"{what}\" but is not a code cell.");
            (isExercise ? exercises : checks).Add(new NotebookCell(id, i, SourceText(cell["source"])));
        }
        if (exercises.Count > 0 && checks.Count == 0) throw new FormatException($"{path}: has exercise cells but no cell tagged \"check\".");
        return new ExerciseNotebook(path, doc, exercises, checks);
    }

    /// <summary>
    /// Writes a copy of the notebook with every exercise cell's source replaced by its solution (outputs cleared),
    /// atomically. Every exercise needs a solution and every solution an exercise, else a clear error.
    /// </summary>
    public void WriteSolved(string outputPath, string? solutionsPath = null)
    {
        solutionsPath ??= SolutionsPathFor(Path);
        var solutions = ExerciseSolutions.Load(solutionsPath);
        var missing = Exercises.Where(e => !solutions.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{solutionsPath}: no solution for exercise cell(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} of {Path}.");
        var unknown = solutions.Keys.Where(k => Exercises.All(e => e.Id != k)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"{solutionsPath}: solution(s) for {string.Join(", ", unknown.Select(u => $"'{u}'"))}, but {Path} has no exercise cell with that id " +
                                                $"(its exercise cells: {string.Join(", ", Exercises.Select(e => e.Id))}).");
        var copy = (JsonObject)document.DeepClone();
        var cells = (JsonArray)copy["cells"]!;
        foreach (var e in Exercises)
        {
            var cell = (JsonObject)cells[e.Index]!;
            cell["source"] = SourceLines(solutions[e.Id]);
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }
        var json = copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        AtomicFile.WriteAllText(outputPath, json + "\n");
    }

    /// <summary>nbformat's multiline string: a string or a list of lines, joined.</summary>
    static string SourceText(JsonNode? source) => source switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => source.GetValue<string>(),
    };

    /// <summary>Source as nbformat writes it: lines keeping their "\n", the last without.</summary>
    static JsonArray SourceLines(string text)
    {
        var lines = text.Split('\n');
        var array = new JsonArray();
        for (int i = 0; i < lines.Length; i++) array.Add(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        return array;
    }
}
