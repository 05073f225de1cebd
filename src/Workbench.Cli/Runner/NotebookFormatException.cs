namespace Workbench.Cli.Runner;

/// <summary>A notebook file that cannot be run: not JSON, not nbformat 4, or not a C# Polyglot notebook.
/// The message always starts with the file's path so a folder run says which file is bad.</summary>
public sealed class NotebookFormatException : Exception
{
    public NotebookFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }
    public string Problem { get; }
}
