using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Plotly.NET;
using Figure = Workbench.Charts.Figure;

namespace Workbench.Frames;

/// <summary>
/// Makes the .NET Interactive kernel display the two foreign result types offline and reproducibly: a DataFrame
/// as <see cref="FrameDisplay.ToHtml"/> (plus its plain text) and a Plotly.NET GenericChart through
/// <see cref="Workbench.Charts.Figure.ToHtml"/> (the one local plotly.js, a stable element id). Our own types name their formatters
/// with an attribute; these types cannot, so this calls the kernel's
/// <c>Microsoft.DotNet.Interactive.Formatting.Formatter.Register(Type, Action&lt;object, TextWriter&gt;, string mimeType)</c>
/// by reflection on the copy the kernel has loaded. No package reference: a second copy of the formatting library
/// beside Workbench.dll would hold a second, unused formatter table.
/// <para>It runs by itself when Workbench.dll is first used in a process (a module initializer: in a notebook, the
/// setup cell's <c>PlotlyJs.ScriptTag()</c>), or as soon as the kernel's formatting library loads if that comes
/// later. A host that resets the kernel's formatters (<c>Formatter.ResetToDefault()</c>) calls <see cref="Register"/>
/// again. Outside a kernel nothing happens.</para>
/// </summary>
public static class KernelFormatters
{
    const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    const string FormatterType = "Microsoft.DotNet.Interactive.Formatting.Formatter";

    /// <summary>The formatters, MIME type by MIME type, in the order the kernel should prefer them.</summary>
    internal static readonly (Type Type, string MimeType, Action<object, TextWriter> Write)[] Formatters =
    [
        (typeof(DataFrame), "text/html", (v, w) => w.Write(((DataFrame)v).ToHtml())),
        (typeof(DataFrame), "text/plain", (v, w) => w.Write(((DataFrame)v).ToText())),
        (typeof(GenericChart), "text/html", (v, w) => w.Write(Figure.FromChart((GenericChart)v).ToHtml())),
        (typeof(GenericChart), "text/plain", (v, w) => w.Write(Figure.FromChart((GenericChart)v).ToString())),
    ];

#pragma warning disable CA2255 // a library module initializer, on purpose: notebooks load Workbench.dll with #r and no setup call
    [ModuleInitializer]
    internal static void OnLoad()
#pragma warning restore CA2255
    {
        if (!Quietly(Register)) AppDomain.CurrentDomain.AssemblyLoad += RegisterWhenFormattingLoads;
    }

    static void RegisterWhenFormattingLoads(object? sender, AssemblyLoadEventArgs e)
    {
        if (e.LoadedAssembly.GetName().Name != FormattingAssembly) return;
        AppDomain.CurrentDomain.AssemblyLoad -= RegisterWhenFormattingLoads;
        Quietly(() => { RegisterWith(e.LoadedAssembly); return true; });
    }

    /// <summary>A kernel this code does not know must not break Workbench.dll: say so once on stderr (the cell shows it).</summary>
    static bool Quietly(Func<bool> register)
    {
        try { return register(); }
        catch (Exception e) when (e is InvalidOperationException or TargetInvocationException or ArgumentException)
        {
            Console.Error.WriteLine($"Workbench: DataFrame and Plotly.NET charts keep the kernel's default display ({e.Message}).");
            return true;
        }
    }

    /// <summary>Registers the formatters with every loaded copy of the kernel's formatting library; false when none is loaded.</summary>
    public static bool Register()
    {
        var found = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == FormattingAssembly).ToArray();
        foreach (var a in found) RegisterWith(a);
        return found.Length > 0;
    }

    static void RegisterWith(Assembly formatting)
    {
        var formatter = formatting.GetType(FormatterType)
            ?? throw new InvalidOperationException($"{formatting.FullName} has no {FormatterType}; this kernel version is not supported.");
        var register = formatter.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m => m.Name == "Register"
            && m.GetParameters() is [var t, var f, var mime, ..] && t.ParameterType == typeof(Type)
            && f.ParameterType == typeof(Action<object, TextWriter>) && mime.ParameterType == typeof(string))
            ?? throw new InvalidOperationException($"{FormatterType} in {formatting.FullName} has no Register(Type, Action<object, TextWriter>, string).");
        foreach (var (type, mime, write) in Formatters)
        {
            var args = register.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
            (args[0], args[1], args[2]) = (type, write, mime);
            register.Invoke(null, args);
        }
        foreach (var type in Formatters.Select(f => f.Type).Distinct())
            Prefer(formatter, type, Formatters.Where(f => f.Type == type).Select(f => f.MimeType).ToArray());
    }

    /// <summary>Publishes HTML and plain text for the type: SetPreferredMimeTypesFor(Type, params string[]) in
    /// current kernels, SetPreferredMimeTypeFor(Type, string, ...) (HTML only) in older ones.</summary>
    static void Prefer(Type formatter, Type type, string[] mimeTypes)
    {
        var many = formatter.GetMethod("SetPreferredMimeTypesFor", [typeof(Type), typeof(string[])]);
        if (many is not null) { many.Invoke(null, [type, mimeTypes]); return; }
        var one = formatter.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m => m.Name == "SetPreferredMimeTypeFor"
            && m.GetParameters() is [var t, var mime, ..] && t.ParameterType == typeof(Type) && mime.ParameterType == typeof(string));
        if (one is null) return;
        var args = one.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
        (args[0], args[1]) = (type, mimeTypes[0]);
        one.Invoke(null, args);
    }
}
