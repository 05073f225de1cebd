using System.Text;
using Workbench.Diagrams;

namespace Workbench.Tests.Diagrams;

/// <summary>
/// Same input, same bytes: every diagram renders identically twice, saves identical files, uses no element ids,
/// and the example SVGs committed under figures/diagrams/ are exactly what the code draws today (so they stay true
/// to the library). To refresh them after a deliberate change: WORKBENCH_UPDATE_FIGURES=1 dotnet test --filter CommittedDiagramTests.
/// </summary>
public class CommittedDiagramTests
{
    const string Folder = "figures/diagrams";

    [Fact]
    public void Rendering_twice_gives_byte_identical_svg_files_without_ids()
    {
        var first = DiagramExamples.All();
        var second = DiagramExamples.All();
        var dir = Directory.CreateTempSubdirectory("wb-diagrams-").FullName;
        try
        {
            for (int i = 0; i < first.Count; i++)
            {
                var (name, d) = first[i];
                Assert.Equal(d.Svg, second[i].Diagram.Svg);
                d.Save(Path.Combine(dir, "a.svg"));
                second[i].Diagram.Save(Path.Combine(dir, "b.svg"));
                var bytes = File.ReadAllBytes(Path.Combine(dir, "a.svg"));
                Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, "b.svg")));
                Assert.DoesNotContain(" id=\"", d.Svg);
                // UTF-8 without BOM, with the notes' Greek letters and subscripts as characters, not entities.
                Assert.Equal((byte)'<', bytes[0]);
                Assert.Equal(d.ToSvgDocument(), new UTF8Encoding(false, true).GetString(bytes));
                Assert.DoesNotContain("&#", d.Svg);
                SvgModel.Parse(d);   // well-formed XML
                Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            }
            Assert.Contains(first, e => e.Diagram.Svg.Contains('Γ'));
            Assert.Contains(first, e => e.Diagram.Svg.Contains("ŷ"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Committed_examples_match_what_the_code_draws()
    {
        bool update = Environment.GetEnvironmentVariable("WORKBENCH_UPDATE_FIGURES") == "1";
        var examples = DiagramExamples.All();
        var stale = new List<string>();
        foreach (var (name, d) in examples)
        {
            var path = RepoPaths.File(Path.Combine(Folder, name + ".svg"));
            if (update) d.Save(path);
            if (!File.Exists(path) || File.ReadAllText(path) != d.ToSvgDocument()) stale.Add(name);
        }
        Assert.True(stale.Count == 0,
            $"figures/diagrams is out of date for: {string.Join(", ", stale)}. Regenerate with WORKBENCH_UPDATE_FIGURES=1 dotnet test tests/Workbench.Tests --filter CommittedDiagramTests and commit the files.");
        var committed = Directory.GetFiles(RepoPaths.File(Folder), "*.svg").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        Assert.Equal(examples.Select(e => e.Name).Order().ToArray(), committed);
    }
}
