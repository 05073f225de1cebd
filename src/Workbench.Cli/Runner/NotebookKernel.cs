using System.Reflection;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Cli.Runner;

/// <summary>The real .NET Interactive C# kernel, hosted in this process and set up as the dotnet-interactive tool
/// sets it up for VS Code: a <see cref="CSharpKernel"/> with the kernel helpers (<c>display</c>, <c>HTML</c>),
/// <c>#!who</c> and value sharing, inside a <see cref="CompositeKernel"/> whose default kernel is "csharp", and the
/// browser front end's formatting (HTML by default, strings as plain text). One instance per notebook run.
/// The current directory must be the notebook's folder when the first cell is submitted: the kernel resolves
/// <c>#r</c> paths against it, as it does under VS Code (<c>--working-dir</c> = the notebook's folder).</summary>
internal sealed class NotebookKernel : IDisposable
{
    public const string Name = "csharp";

    // CSharpKernel keeps its Roslyn ScriptOptions in this private field. Giving each submission a file path and
    // debug information is all the runner changes, so an exception's stack trace carries the cell's line numbers
    // ("Cell 3, line 7"). If a kernel version renames the field, errors name the cell without the line.
    static readonly FieldInfo? scriptOptions =
        typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic) is { } f
        && f.FieldType == typeof(ScriptOptions) ? f : null;

    static readonly object formattingGate = new();
    static bool formattingSet;

    readonly CompositeKernel _root;
    readonly CSharpKernel _csharp;

    public NotebookKernel()
    {
        UseBrowserFrontendFormatting();
        _csharp = new CSharpKernel().UseKernelHelpers().UseWho().UseValueSharing();
        _root = new CompositeKernel { _csharp };
        _root.DefaultKernelName = Name;
    }

    /// <summary>What dotnet-interactive's KernelBuilder.SetUpFormatters does for VS Code's (browser) front end;
    /// the formatter table is process-wide, so once per process.</summary>
    static void UseBrowserFrontendFormatting()
    {
        lock (formattingGate)
        {
            if (formattingSet) return;
            Formatter.DefaultMimeType = HtmlFormatter.MimeType;
            Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
            formattingSet = true;
        }
    }

    /// <summary>Submits one cell as VS Code does (SubmitCode to the csharp kernel) and returns the kernel's events.</summary>
    /// <param name="sourcePath">A file name for the submission (never created) that labels its stack frames.</param>
    public Task<KernelCommandResult> SubmitAsync(string code, string sourcePath)
    {
        if (scriptOptions?.GetValue(_csharp) is ScriptOptions options)
            scriptOptions.SetValue(_csharp, options.WithFilePath(sourcePath).WithEmitDebugInformation(true).WithFileEncoding(System.Text.Encoding.UTF8));
        return _root.SendAsync(new SubmitCode(code, Name));
    }

    /// <summary>Whether stack traces can name a cell's line (see <see cref="SubmitAsync"/>).</summary>
    public static bool LabelsLines => scriptOptions is not null;

    public void Dispose() => _root.Dispose();
}
