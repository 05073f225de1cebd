using System.CommandLine;

namespace Workbench.Cli.Training;

public static class ParseResults
{
    /// <summary>The option's value when the user typed it, null when not (so a default can depend on other things).</summary>
    public static T? Given<T>(this ParseResult parse, Option<T> option) where T : struct =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;
}
