using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Workbench.Cli.Runner;

/// <summary>The outcome of one submission.</summary>
public abstract record SubmissionResult;
public sealed record SubmissionSucceeded(bool HasReturnValue, object? ReturnValue) : SubmissionResult;
public sealed record SubmissionDidNotCompile(IReadOnlyList<Diagnostic> Errors) : SubmissionResult;
public sealed record SubmissionThrew(Exception Exception) : SubmissionResult;

/// <summary>A C# kernel like .NET Interactive's CSharpKernel: each cell is a Roslyn script submission chained
/// onto the previous one (CSharpScript.RunAsync, then ContinueWithAsync), with no globals object, the
/// kernel's default imports, C# "latest", and #r / #load paths resolved against the notebook's folder.</summary>
public sealed class ScriptKernel
{
    /// <summary>The kernel's default imports (CSharpKernel.cs).</summary>
    public static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    // Like the kernel, read the internal Script.HasReturnValue(): true for a trailing expression without
    // ';', so an expression whose value is null still produces an output (ReturnValue alone cannot tell).
    static readonly MethodInfo hasReturnValue =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("Microsoft.CodeAnalysis.Scripting.Script.HasReturnValue() not found; the Roslyn version changed.");

    static bool HasReturnValue(Script script) => (bool)hasReturnValue.Invoke(script, null)!;

    readonly ScriptOptions _options;
    readonly string _baseDirectory;
    ScriptState<object>? _state;

    public ScriptKernel(string baseDirectory)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(DefaultImports)
            .AddReferences(typeof(Enumerable).Assembly, typeof(KernelHelpers).Assembly, typeof(Console).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_baseDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, _baseDirectory))
            .WithEmitDebugInformation(true) // line numbers in stack traces, so errors can name the cell's line
            .WithFileEncoding(Encoding.UTF8);
    }

    /// <summary>Runs the hidden first submission that brings display() and HTML() into scope.</summary>
    public async Task InitializeAsync()
    {
        var result = await SubmitAsync($"using static {typeof(KernelHelpers).FullName};", "kernel-init");
        if (result is not SubmissionSucceeded)
            throw new InvalidOperationException($"The kernel's initial submission failed: {result}");
    }

    /// <param name="fileName">The submission's file name (inside the notebook folder, never created): it
    /// labels stack frames so a runtime error can be traced to the cell.</param>
    public async Task<SubmissionResult> SubmitAsync(string code, string fileName)
    {
        var options = _options.WithFilePath(Path.Combine(_baseDirectory, fileName));
        try
        {
            _state = _state is null
                ? await CSharpScript.Create(code, options).RunAsync(globals: null, catchException: _ => true)
                : await _state.ContinueWithAsync(code, options, catchException: _ => true);
        }
        catch (CompilationErrorException e)
        {
            // A failed compilation leaves the previous state in place, as in the kernel.
            return new SubmissionDidNotCompile(e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray());
        }
        if (_state.Exception is { } thrown) return new SubmissionThrew(thrown);
        return new SubmissionSucceeded(HasReturnValue(_state.Script), _state.ReturnValue);
    }
}
