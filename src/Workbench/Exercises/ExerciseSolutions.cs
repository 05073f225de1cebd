using System.Text.RegularExpressions;

namespace Workbench.Exercises;

/// <summary>
/// A notebook's solutions, kept out of the notebook in notebooks/solutions/&lt;notebook-stem&gt;.cs: one section per
/// exercise cell, each starting with a marker line <c>// ==== exercise: &lt;cell id&gt; ====</c> and holding the code
/// that replaces that cell. Comment and blank lines may precede the first marker (a header for teachers).
/// </summary>
public static partial class ExerciseSolutions
{
    /// <summary>The marker line that opens the solution of exercise cell <paramref name="cellId"/>.</summary>
    public static string Marker(string cellId) => $"// ==== exercise: {cellId} ====";

    /// <summary>Cell id → solution code, from the file at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Solutions file not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Cell id → solution code; <paramref name="source"/> names the file in error messages.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string source)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? current = null;
        int startLine = 0;
        var body = new List<string>();
        void Close()
        {
            if (current is null) return;
            while (body.Count > 0 && string.IsNullOrWhiteSpace(body[^1])) body.RemoveAt(body.Count - 1);
            while (body.Count > 0 && string.IsNullOrWhiteSpace(body[0])) body.RemoveAt(0);
            if (body.Count == 0) throw new FormatException($"{source} line {startLine}: the solution of exercise '{current}' is empty.");
            result[current] = string.Join("\n", body);
            body.Clear();
        }
        for (int i = 0; i < lines.Length; i++)
        {
            var m = MarkerPattern().Match(lines[i]);
            if (m.Success)
            {
                Close();
                current = m.Groups["id"].Value;
                startLine = i + 1;
                if (result.ContainsKey(current))
                    throw new FormatException($"{source} line {i + 1}: exercise '{current}' has a second solution.");
                continue;
            }
            if (lines[i].TrimStart().StartsWith("// ====", StringComparison.Ordinal))
                throw new FormatException($"{source} line {i + 1}: \"{lines[i].Trim()}\" looks like a marker but is not \"{Marker("<cell id>")}\".");
            if (current is null)
            {
                var t = lines[i].Trim();
                if (t.Length > 0 && !t.StartsWith("//", StringComparison.Ordinal))
                    throw new FormatException($"{source} line {i + 1}: code before the first \"{Marker("<cell id>")}\" line.");
                continue;
            }
            body.Add(lines[i]);
        }
        Close();
        if (result.Count == 0) throw new FormatException($"{source}: no \"{Marker("<cell id>")}\" sections.");
        return result;
    }

    [GeneratedRegex(@"^// =+ exercise: (?<id>[A-Za-z0-9_-]{1,64}) =+\s*$")]
    private static partial Regex MarkerPattern();
}
