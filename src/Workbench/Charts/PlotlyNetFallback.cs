using System.Reflection;

namespace Workbench.Charts;

/// <summary>
/// Runs code that builds a chart with Plotly.NET, and where Plotly.NET cannot run in the current process, shows the
/// workbench's own figure instead, with one sentence saying why. Plotly.NET 6 is built against FSharp.Core 10.1; the
/// dotnet-interactive tool VS Code launches (1.0.712001) runs on FSharp.Core 10.0 for its own F# support, so a notebook
/// there ends up with two copies of FSharp.Core, and the first call into Plotly.NET fails with an assembly load error
/// or a missing method. <c>workbench run</c> loads the version Plotly.NET needs and draws it.
/// A notebook that uses Plotly.NET also references FSharp.Core.dll from the library's folder (<c>#r</c>), so that
/// the C# compiler sees the version Plotly.NET was built against (else: CS1705 at compile time, before any guard).
/// </summary>
public static class PlotlyNetFallback
{
    /// <summary>
    /// The chart <paramref name="build"/> returns (a Plotly.NET GenericChart, displayed offline by the workbench's
    /// formatter), or <paramref name="fallback"/> when Plotly.NET or one of its assemblies cannot load; then one line
    /// on <paramref name="log"/> (standard output by default) names the assembly and the version conflict.
    /// Any other exception is the caller's mistake and propagates.
    /// </summary>
    /// <remarks>Write the Plotly.NET calls inside the lambda: the runtime loads Plotly.NET when it first compiles the
    /// code that uses it, which then happens inside this method's guard.</remarks>
    public static object ChartOr(Func<object> build, Figure fallback, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(fallback);
        try
        {
            return build() ?? throw new ArgumentException("PlotlyNetFallback.ChartOr: the chart builder returned null.", nameof(build));
        }
        catch (Exception e) when (LoadFailure(e) is { } failure)
        {
            (log ?? Console.Out).WriteLine(
                $"Plotly.NET cannot run in this kernel ({Reason(failure)}), so the chart below is the same figure drawn with the workbench's builder; `workbench run` draws the Plotly.NET one.");
            return fallback;
        }
    }

    /// <summary>The assembly-loading error in <paramref name="e"/>'s chain, or null when there is none.</summary>
    internal static Exception? LoadFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            switch (e)
            {
                case FileLoadException or BadImageFormatException or TypeLoadException or MissingMemberException:
                    return e;
                case FileNotFoundException f when AssemblyName(f.FileName) is not null:   // an assembly, not a data file
                    return e;
            }
        return null;
    }

    /// <summary>Why Plotly.NET cannot run here: the versions it was built against that differ from those this process
    /// has loaded ("it was built against FSharp.Core 10.1.0.0 and this kernel has FSharp.Core 10.0.0.0 loaded"), else
    /// the assembly a load error names, else the error's first line.</summary>
    internal static string Reason(Exception failure)
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        var loaded = assemblies.Select(a => a.GetName()).ToArray();
        var references = assemblies.Where(a => a.GetName().Name is "Plotly.NET" or "Plotly.NET.CSharp").SelectMany(a => a.GetReferencedAssemblies());
        if (Conflicts(references, loaded) is { } conflicts) return conflicts;
        var wanted = AssemblyName((failure as FileLoadException)?.FileName ?? (failure as FileNotFoundException)?.FileName);
        if (wanted is not null && Conflicts([wanted], loaded) is { } conflict) return conflict;
        if (wanted?.Name is { } name && wanted.Version is { } version) return $"it needs {name} {version}, which could not be loaded";
        return failure.Message.Split('\n')[0].Trim();
    }

    /// <summary>"it was built against A 2.0 and B 1.1 and this kernel has A 1.0 and B 1.0 loaded" for every referenced
    /// assembly that this process also has loaded in an older version (a newer one satisfies the reference). Two copies
    /// of one library break Plotly.NET even when the right one is loaded too: in VS Code's kernel Plotly.NET binds to
    /// FSharp.Core 10.1 while Giraffe.ViewEngine, which it calls, binds to the kernel's FSharp.Core 10.0, so their F#
    /// function types differ and a method is "not found". Null when there is no such assembly.</summary>
    internal static string? Conflicts(IEnumerable<AssemblyName> references, IReadOnlyCollection<AssemblyName> loaded)
    {
        var pairs = references.Where(r => r.Name is not null && r.Version is not null).DistinctBy(r => r.Name)
            .Select(r => (Wanted: r, Have: loaded.Where(l => l.Name == r.Name && l.Version is not null && l.Version < r.Version)
                                                 .Select(l => l.Version!).Distinct().Order().ToArray()))
            .Where(p => p.Have.Length > 0).OrderBy(p => p.Wanted.Name, StringComparer.Ordinal).ToArray();
        if (pairs.Length == 0) return null;
        return $"it was built against {string.Join(" and ", pairs.Select(p => $"{p.Wanted.Name} {p.Wanted.Version}"))} and this kernel has " +
               $"{string.Join(" and ", pairs.Select(p => $"{p.Wanted.Name} {string.Join(", ", p.Have.Select(v => v.ToString()))}"))} loaded";
    }

    /// <summary>The assembly name in a load error's FileName ("FSharp.Core, Version=10.1.0.0, ..."), else null.</summary>
    static AssemblyName? AssemblyName(string? fileName)
    {
        if (fileName is null || !fileName.Contains("Version=", StringComparison.Ordinal)) return null;
        try { return new AssemblyName(fileName); }
        catch (Exception e) when (e is ArgumentException or FileLoadException) { return null; }
    }
}
