using System.Text.Json;
using Workbench.Notebook;

namespace Workbench.Tests.Charts;

public class PlotlyJsTests
{
    static string RepoFile(string relative) => RepoPaths.File(relative);

    [Fact]
    public void Version_is_the_one_pinned_in_package_lock()
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepoFile("src/Workbench/Notebook/plotly/package-lock.json")));
        var pinned = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/plotly.js-dist-min").GetProperty("version").GetString();
        Assert.Equal(pinned, PlotlyJs.Version);
        Assert.StartsWith("4.", PlotlyJs.Version);
    }

    [Fact]
    public void Source_is_the_plain_script_bundle_that_defines_window_Plotly()
    {
        var js = PlotlyJs.Source();
        Assert.True(js.Length > 1_000_000, $"plotly.min.js is only {js.Length} characters");
        Assert.Contains("window.Plotly = Plotly", js);
        Assert.DoesNotContain("</script", js, StringComparison.OrdinalIgnoreCase); // safe to inline
        Assert.Equal(File.ReadAllText(RepoFile("src/Workbench/Notebook/plotly/node_modules/plotly.js-dist-min/plotly.min.js")), js);
    }

    [Fact]
    public void ScriptTag_wraps_the_source_in_one_script_element()
    {
        var tag = PlotlyJs.ScriptTag();
        Assert.StartsWith("<script type=\"text/javascript\">", tag);
        Assert.EndsWith("</script>", tag);
        Assert.Contains(PlotlyJs.Source(), tag);
    }

    [Fact]
    public void WriteTo_writes_the_bundle_atomically_and_overwrites()
    {
        var dir = Directory.CreateTempSubdirectory("wb-plotly-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "sub", "plotly.min.js");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "stale");
            PlotlyJs.WriteTo(path);
            Assert.Equal(PlotlyJs.Source(), File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temp file left behind
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
