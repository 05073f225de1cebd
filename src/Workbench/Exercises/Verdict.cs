using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Notebook;

namespace Workbench.Exercises;

/// <summary>The outcome of checking one exercise.</summary>
public enum VerdictStatus
{
    /// <summary>The answer matches the reference.</summary>
    Correct,
    /// <summary>An answer was given but does not match yet (or threw).</summary>
    NotYet,
    /// <summary>The exercise still throws NotImplementedException: the student has not started.</summary>
    NotAttempted,
    /// <summary>The check itself failed (its reference threw): a problem in the notebook, not in the answer.</summary>
    CheckError,
}

/// <summary>
/// What a check says about an answer: one line a student reads first ("✔ Exercise 1 · …: correct. …") and
/// optional detail lines (where the largest error is, a hint). <see cref="ToString"/> is the printed form and
/// <see cref="TryParse"/> reads its first line back, so tests can find the verdicts in a notebook's output.
/// </summary>
[TypeFormatterSource(typeof(VerdictFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed partial record Verdict(string Exercise, VerdictStatus Status, string Summary, IReadOnlyList<string> Details)
{
    public bool IsCorrect => Status == VerdictStatus.Correct;

    public static string Icon(VerdictStatus status) => status switch
    {
        VerdictStatus.Correct => "✔",
        VerdictStatus.NotYet => "✘",
        VerdictStatus.NotAttempted => "○",
        _ => "⚠",
    };

    public static string Word(VerdictStatus status) => status switch
    {
        VerdictStatus.Correct => "correct",
        VerdictStatus.NotYet => "not yet",
        VerdictStatus.NotAttempted => "not attempted yet",
        _ => "could not check",
    };

    /// <summary>The first line: icon, exercise, status word, summary.</summary>
    public string Headline => $"{Icon(Status)} {Exercise}: {Word(Status)}. {Sentence(Summary)}";

    static string Sentence(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    public override string ToString()
    {
        var sb = new StringBuilder(Headline);
        foreach (var d in Details) sb.Append('\n').Append("   ").Append(d);
        return sb.ToString();
    }

    /// <summary>Reads a verdict's headline (the first line of <see cref="ToString"/>); false for any other line.</summary>
    public static bool TryParse(string line, out string exercise, out VerdictStatus status)
    {
        var m = HeadlinePattern().Match(line);
        exercise = m.Success ? m.Groups["exercise"].Value : "";
        status = m.Success ? m.Groups["word"].Value switch
        {
            "correct" => VerdictStatus.Correct,
            "not yet" => VerdictStatus.NotYet,
            "not attempted yet" => VerdictStatus.NotAttempted,
            _ => VerdictStatus.CheckError,
        } : default;
        return m.Success;
    }

    /// <summary>Every verdict headline in a block of output text (e.g. a check cell's stdout).</summary>
    public static IReadOnlyList<(string Exercise, VerdictStatus Status)> FindAll(string text) =>
        text.Split('\n').Select(l => TryParse(l.TrimEnd('\r'), out var e, out var s) ? (e, s) : default((string, VerdictStatus)?))
            .Where(v => v is not null).Select(v => v!.Value).ToList();

    [GeneratedRegex(@"^(✔|✘|○|⚠) (?<exercise>.+?): (?<word>correct|not yet|not attempted yet|could not check)\.( |$)")]
    private static partial Regex HeadlinePattern();

    /// <summary>A coloured box for notebooks and reports.</summary>
    public string ToHtml()
    {
        var (border, background) = Status switch
        {
            VerdictStatus.Correct => ("#15803d", "#f0fdf4"),
            VerdictStatus.NotYet => ("#b91c1c", "#fef2f2"),
            VerdictStatus.NotAttempted => ("#6b7280", "#f9fafb"),
            _ => ("#b45309", "#fffbeb"),
        };
        var sb = new StringBuilder();
        sb.Append("<div class=\"wb-verdict\" style=\"border-left:4px solid ").Append(border).Append(";background:").Append(background)
          .Append(";padding:6px 10px;margin:4px 0;font-family:sans-serif;color:#1f2328\">");
        sb.Append("<div><b>").Append(Icon(Status)).Append(' ').Append(WebUtility.HtmlEncode(Exercise)).Append(": ")
          .Append(Word(Status)).Append(".</b> ").Append(WebUtility.HtmlEncode(Sentence(Summary))).Append("</div>");
        foreach (var d in Details) sb.Append("<div style=\"margin-left:1.4em\">").Append(WebUtility.HtmlEncode(d)).Append("</div>");
        sb.Append("</div>");
        return sb.ToString();
    }
}

/// <summary>Formatter source named by <see cref="Verdict"/>'s TypeFormatterSource attribute.</summary>
public sealed class VerdictFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        MimeFormatter.Html<Verdict>(v => v.ToHtml()),
        MimeFormatter.PlainText<Verdict>(v => v.ToString()),
    ];
}
