using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Cli.Runner;

/// <summary>One "--set name=value" override, turned into a C# declaration the way papermill's C# translator
/// writes it (<c>var epochs = 10;</c>), so the injected cell also runs in the real kernel.</summary>
public sealed record NotebookParameter(string Name, string CSharpLiteral)
{
    static readonly Regex Identifier = new(@"^[A-Za-z_][A-Za-z0-9_]*$");

    /// <summary>Parses "name=value". The value is typed by its text: true/false -> bool, an integer -> int
    /// (long when large), a number -> double, anything else (or a "quoted" value) -> string.</summary>
    public static NotebookParameter Parse(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new ArgumentException($"Parameter \"{assignment}\" must look like name=value (e.g. epochs=5).");
        string name = assignment[..eq].Trim();
        if (!Identifier.IsMatch(name))
            throw new ArgumentException($"Parameter name \"{name}\" in \"{assignment}\" is not a C# identifier.");
        return new NotebookParameter(name, ToLiteral(assignment[(eq + 1)..].Trim()));
    }

    public static string ToLiteral(string value)
    {
        if (value is "true" or "false") return value;
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') return StringLiteral(value[1..^1]);
        var inv = CultureInfo.InvariantCulture;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, inv, out long l))
            return l is >= int.MinValue and <= int.MaxValue ? l.ToString(inv) : l.ToString(inv) + "L";
        if (double.TryParse(value, NumberStyles.Float, inv, out double d) && double.IsFinite(d))
        {
            string r = d.ToString("R", inv);
            return r.Contains('.') || r.Contains('E') ? r : r + ".0";
        }
        return StringLiteral(value);
    }

    static string StringLiteral(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }

    public string Declaration => $"var {Name} = {CSharpLiteral};";
}

/// <summary>papermill's parameter convention: the cell tagged "parameters" holds defaults; overrides go in a
/// new cell tagged "injected-parameters" right after it (replacing an earlier injected cell), or at the top
/// when there is no parameters cell. Later declarations shadow earlier ones in chained submissions.</summary>
public static class ParameterInjector
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";
    static readonly Regex Declared = new(@"\b(?:var|bool|int|long|float|double|string|decimal)\s+([A-Za-z_][A-Za-z0-9_]*)\s*=");

    /// <returns>Warnings, e.g. for a name the parameters cell does not declare.</returns>
    public static IReadOnlyList<string> Inject(NotebookDocument doc, IReadOnlyList<NotebookParameter> parameters)
    {
        var cells = doc.Cells;
        for (int i = cells.Count - 1; i >= 0; i--)
            if (cells[i].HasTag(InjectedTag)) doc.RemoveAt(i);
        if (parameters.Count == 0) return [];

        cells = doc.Cells;
        int at = cells.ToList().FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        var warnings = new List<string>();
        var declared = at < 0 ? [] : Declared.Matches(cells[at].Source).Select(m => m.Groups[1].Value).ToHashSet();
        if (at < 0)
            warnings.Add($"{doc.Path}: no cell is tagged \"parameters\"; injected the parameters at the top.");
        foreach (var p in parameters.Where(p => at >= 0 && !declared.Contains(p.Name)))
            warnings.Add($"{doc.Path}: parameter \"{p.Name}\" is not declared in the parameters cell.");

        // Last value wins when a name is given twice, as on papermill's command line.
        var lines = parameters.GroupBy(p => p.Name).Select(g => g.Last().Declaration);
        string source = "// Parameters\n" + string.Join("\n", lines);
        doc.Insert(at + 1, NotebookCell.NewCode(InjectedTag, source, InjectedTag));
        return warnings;
    }
}
