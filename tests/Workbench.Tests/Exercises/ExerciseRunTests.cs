using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Exercises;

namespace Workbench.Tests.Exercises;

/// <summary>
/// Every notebook with exercises runs through the public command line as a separate process
/// (<c>dotnet run --project src/Workbench.Cli -c Release -- run &lt;copy&gt; --quick -o &lt;dir&gt;</c>), twice:
/// solved (exercise cells replaced by notebooks/solutions) every check must say correct; as committed every check
/// must say not attempted / not yet, and no cell may fail. The copies sit in a temporary folder whose artifacts/
/// links to the repository's build, so the notebooks' #r "../artifacts/…" resolves as in notebooks/.
/// </summary>
public class ExerciseRunTests
{
    [Theory]
    [MemberData(nameof(ExerciseNotebookTests.NotebooksWithExercises), MemberType = typeof(ExerciseNotebookTests))]
    public void Solved_every_check_says_correct_and_unsolved_every_check_says_not_yet(string notebook)
    {
        var source = RepoPaths.File(Path.Combine("notebooks", notebook));
        var nb = ExerciseNotebook.Load(source);
        var root = Directory.CreateTempSubdirectory("wb-exercise-run-").FullName;
        try
        {
            var solvedCopy = Stage(root, "solved", notebook);
            nb.WriteSolved(solvedCopy);
            var solved = RunCli(solvedCopy, Path.Combine(root, "solved", "out"));
            AssertVerdicts(solved, nb, notebook, "solved", s => s == VerdictStatus.Correct);

            var unsolvedCopy = Stage(root, "unsolved", notebook);
            File.Copy(source, unsolvedCopy);
            var unsolved = RunCli(unsolvedCopy, Path.Combine(root, "unsolved", "out"));
            AssertVerdicts(unsolved, nb, notebook, "unsolved", s => s is VerdictStatus.NotAttempted or VerdictStatus.NotYet);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    /// <summary>&lt;root&gt;/&lt;name&gt;/notebooks/&lt;notebook&gt; with &lt;root&gt;/&lt;name&gt;/artifacts linked to the repository's.</summary>
    static string Stage(string root, string name, string notebook)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name, "notebooks")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, name, "artifacts"), RepoPaths.File("artifacts"));
        return Path.Combine(folder, notebook);
    }

    sealed record CliRun(int ExitCode, string Output, JsonObject Executed);

    static CliRun RunCli(string notebook, string outDir)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--project", Path.Combine("src", "Workbench.Cli"), "-c", "Release", "--", "run", notebook, "--quick", "-o", outDir })
            psi.ArgumentList.Add(a);
        psi.Environment["WORKBENCH_DATASETS"] = RepoPaths.File("datasets");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"workbench run {notebook} did not finish in 10 minutes.");
        }
        p.WaitForExit();
        var output = stdout.Result + stderr.Result;
        var executed = Path.Combine(outDir, Path.GetFileName(notebook));
        Assert.True(File.Exists(executed), $"workbench run wrote no executed notebook (exit {p.ExitCode}):\n{output}");
        return new CliRun(p.ExitCode, output, (JsonObject)JsonNode.Parse(File.ReadAllText(executed))!);
    }

    static void AssertVerdicts(CliRun run, ExerciseNotebook nb, string notebook, string variant, Func<VerdictStatus, bool> expected)
    {
        var cells = run.Executed["cells"]!.AsArray().Select(c => (JsonObject)c!).ToList();
        var errors = cells.SelectMany(c => (c["outputs"]?.AsArray() ?? []).Where(o => o!["output_type"]!.GetValue<string>() == "error")
            .Select(o => $"cell {c["id"]}: {o!["ename"]}: {o["evalue"]}")).ToList();
        Assert.True(errors.Count == 0, $"{notebook} ({variant}): cells failed:\n{string.Join("\n", errors)}\n{run.Output}");
        Assert.True(run.ExitCode == 0, $"{notebook} ({variant}): workbench run exited with {run.ExitCode}:\n{run.Output}");
        foreach (var check in nb.Checks)
        {
            var cell = cells.Single(c => c["id"]!.GetValue<string>() == check.Id);
            var text = string.Concat((cell["outputs"]?.AsArray() ?? []).Where(o => o!["output_type"]!.GetValue<string>() == "stream")
                .Select(o => o!["text"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : o["text"]!.GetValue<string>()));
            var verdicts = Verdict.FindAll(text);
            Assert.True(verdicts.Count > 0, $"{notebook} ({variant}): check cell '{check.Id}' printed no verdict:\n{text}");
            foreach (var (exercise, status) in verdicts)
                Assert.True(expected(status), $"{notebook} ({variant}): check cell '{check.Id}' says {Verdict.Word(status)} for {exercise}:\n{text}");
        }
    }
}
