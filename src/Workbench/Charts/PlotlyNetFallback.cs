using System.Reflection;

namespace Workbench.Charts;

/// <summary>
/// Runs code that builds a chart with Plotly.NET, and where Plotly.NET cannot load in the current process, shows the
/// workbench's own figure instead, with one sentence saying why. Plotly.NET 6 is compiled against FSharp.Core 10.1;
/// a kernel that has already loaded an older FSharp.Core for its own F# support (the dotnet-interactive tool
/// 1.0.712001 that VS Code launches loads 10.0) cannot load a second copy, so the first call into Plotly.NET fails
/// with an assembly load error. <c>workbench run</c> loads FSharp.Core 10.1 and draws the Plotly.NET chart.
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
                $"Plotly.NET cannot load in this kernel ({Reason(failure)}), so the chart below is the same figure drawn with the workbench's builder; `workbench run` draws the Plotly.NET one.");
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

    /// <summary>"it needs FSharp.Core 10.1.0.0 and this process has FSharp.Core 10.0.0.0 loaded", or the error's first line.</summary>
    internal static string Reason(Exception failure)
    {
        var wanted = AssemblyName((failure as FileLoadException)?.FileName ?? (failure as FileNotFoundException)?.FileName);
        if (wanted?.Name is { } name && wanted.Version is { } version)
        {
            var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName()).Where(a => a.Name == name && a.Version != version)
                .Select(a => a.Version!.ToString()).Distinct().Order(StringComparer.Ordinal).ToArray();
            return loaded.Length > 0
                ? $"it needs {name} {version} and this process has {name} {string.Join(", ", loaded)} loaded"
                : $"it needs {name} {version}, which could not be loaded";
        }
        return failure.Message.Split('\n')[0].Trim();
    }

    /// <summary>The assembly name in a load error's FileName ("FSharp.Core, Version=10.1.0.0, ..."), else null.</summary>
    static AssemblyName? AssemblyName(string? fileName)
    {
        if (fileName is null || !fileName.Contains("Version=", StringComparison.Ordinal)) return null;
        try { return new AssemblyName(fileName); }
        catch (Exception e) when (e is ArgumentException or FileLoadException) { return null; }
    }
}
