using Workbench.Charts;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace Workbench.Tests.Charts;

/// <summary>The tour's Plotly.NET cell: the chart where Plotly.NET loads, the workbench figure and one sentence where it
/// cannot (the real failing kernel is covered by VsCodePathTests on 00-tour).</summary>
public class PlotlyNetFallbackTests
{
    static readonly Figure Fallback = Chart.Line([1, 2, 3], [0.5, 0.3, 0.2], name: "loss");

    [Fact]
    public void WherePlotlyNetLoadsTheChartComesBackAndNothingIsSaid()
    {
        var log = new StringWriter();
        var result = PlotlyNetFallback.ChartOr(() => PlotlyChart.Line<int, double, string>(x: [1, 2, 3], y: [0.5, 0.3, 0.2], Name: "loss"), Fallback, log);
        var chart = Assert.IsType<Plotly.NET.GenericChart>(result, exactMatch: false);
        Assert.Contains("\"name\":\"loss\"", Plotly.NET.GenericChart.toJson(chart));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void AnAssemblyVersionConflictGivesTheFallbackAndOneSentenceNamingBothVersions()
    {
        _ = PlotlyChart.Line<int, double, string>(x: [1], y: [1.0]);                         // FSharp.Core 10.1 is loaded now
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "FSharp.Core").GetName().Version!;
        var log = new StringWriter();
        var result = PlotlyNetFallback.ChartOr(() => throw new FileLoadException("Could not load file or assembly 'FSharp.Core, Version=99.0.0.0'.",
            "FSharp.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"), Fallback, log);
        Assert.Same(Fallback, result);
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"it was built against FSharp.Core 99.0.0.0 and this kernel has FSharp.Core {loaded} loaded", line);
        Assert.Contains("workbench's builder", line);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("type-init")]
    [InlineData("type-load")]
    [InlineData("missing-method")]
    public void EveryKindOfLoadFailureFallsBackEvenWhenWrapped(string kind)
    {
        Exception failure = kind switch
        {
            "file" => new FileNotFoundException("Could not load file or assembly 'Plotly.NET, Version=6.0.0.0'.", "Plotly.NET, Version=6.0.0.0, Culture=neutral, PublicKeyToken=null"),
            "type-init" => new TypeInitializationException("Plotly.NET.Defaults", new FileLoadException("bad FSharp.Core", "FSharp.Core, Version=10.1.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")),
            "type-load" => new TypeLoadException("Could not load type 'Plotly.NET.GenericChart'."),
            _ => new MissingMethodException("Method not found: 'Microsoft.FSharp.Core.FSharpOption`1 ...'."),
        };
        var log = new StringWriter();
        Assert.Same(Fallback, PlotlyNetFallback.ChartOr(() => throw failure, Fallback, log));
        Assert.StartsWith("Plotly.NET cannot run in this kernel (", log.ToString());
    }

    [Fact]
    public void TheReasonListsEveryReferencedAssemblyLoadedInAnotherVersion()
    {
        System.Reflection.AssemblyName N(string name, string version) => new($"{name}, Version={version}");
        System.Reflection.AssemblyName[] loaded = [N("FSharp.Core", "10.0.0.0"), N("Giraffe.ViewEngine", "1.3.0.0"), N("System.Runtime", "10.0.0.0")];
        Assert.Equal("it was built against FSharp.Core 10.1.0.0 and Giraffe.ViewEngine 1.4.0.0 and this kernel has FSharp.Core 10.0.0.0 and Giraffe.ViewEngine 1.3.0.0 loaded",
            PlotlyNetFallback.Conflicts([N("Giraffe.ViewEngine", "1.4.0.0"), N("System.Runtime", "10.0.0.0"), N("FSharp.Core", "10.1.0.0"), N("FSharp.Core", "10.1.0.0")], loaded));
        // The wanted version loaded beside an older copy is still a conflict (VS Code's kernel: FSharp.Core 10.0 and 10.1).
        Assert.Equal("it was built against FSharp.Core 10.1.0.0 and this kernel has FSharp.Core 10.0.0.0 loaded",
            PlotlyNetFallback.Conflicts([N("FSharp.Core", "10.1.0.0")], [.. loaded, N("FSharp.Core", "10.1.0.0")]));
        // Same or newer version loaded (the runtime accepts a newer one), or not loaded at all: no conflict.
        Assert.Null(PlotlyNetFallback.Conflicts([N("System.Runtime", "8.0.0.0"), N("FSharp.Core", "10.0.0.0"), N("Newtonsoft.Json", "13.0.0.0")], loaded));
    }

    [Fact]
    public void OtherErrorsAreTheCallersAndPropagate()
    {
        var log = new StringWriter();
        Assert.Throws<ArgumentException>(() => PlotlyNetFallback.ChartOr(() => throw new ArgumentException("x and y differ in length"), Fallback, log));
        Assert.Throws<FileNotFoundException>(() => PlotlyNetFallback.ChartOr(() => throw new FileNotFoundException("no data", "losses.csv"), Fallback, log));
        var e = Assert.Throws<ArgumentException>(() => PlotlyNetFallback.ChartOr(() => null!, Fallback, log));
        Assert.Contains("returned null", e.Message);
        Assert.Equal("", log.ToString());
    }
}
