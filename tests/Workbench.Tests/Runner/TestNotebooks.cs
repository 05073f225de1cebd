using System.Text.Json.Nodes;
using Workbench.Cli.Runner;

namespace Workbench.Tests.Runner;

/// <summary>Writes small Polyglot C# notebooks into a fresh temporary folder, in the exact JSON shape VS Code
/// saves (kernelspec .net-csharp, polyglot_notebook metadata, cell ids).</summary>
internal sealed class TestNotebooks : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("wb-runner-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A cell: code unless it starts with "md:"; "tag:NAME\n" prefixes add a tag.</summary>
    public string Write(string name, params string[] cells)
    {
        var array = new JsonArray();
        for (int i = 0; i < cells.Length; i++)
        {
            string source = cells[i];
            var tags = new JsonArray();
            while (source.StartsWith("tag:"))
            {
                int nl = source.IndexOf('\n');
                tags.Add(source[4..nl]);
                source = source[(nl + 1)..];
            }
            bool markdown = source.StartsWith("md:");
            var cell = new JsonObject
            {
                ["cell_type"] = markdown ? "markdown" : "code",
                ["id"] = $"c{i + 1}",
                ["metadata"] = markdown ? new JsonObject() : new JsonObject
                {
                    ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                    ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                },
                ["source"] = MultilineStringForTest(markdown ? source[3..] : source),
            };
            if (tags.Count > 0) cell["metadata"]!["tags"] = tags;
            if (!markdown)
            {
                cell["execution_count"] = null;
                cell["outputs"] = new JsonArray();
            }
            array.Add(cell);
        }
        var root = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = JsonNode.Parse("""
                {"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},
                 "language_info":{"file_extension":".cs","mimetype":"text/x-csharp","name":"C#","pygments_lexer":"csharp","version":"13.0"},
                 "polyglot_notebook":{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"C#","name":"csharp"}]}},
                 "custom_field":{"kept":true}}
                """),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return WriteRaw(name, root.ToJsonString());
    }

    public string WriteRaw(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Jupyter's list-of-lines form, each line keeping its "\n".</summary>
    static JsonArray MultilineStringForTest(string s)
    {
        var lines = s.Split('\n');
        return new JsonArray(lines.Select((l, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? l + "\n" : l))
                                  .Where(n => n!.GetValue<string>().Length > 0).ToArray());
    }

    public static async Task<NotebookRunResult> Run(string path, RunOptions? options = null) =>
        await NotebookRunner.RunAsync(path, options);

    /// <summary>The outputs of the cell with this 1-based position, as the executed notebook's JSON has them.</summary>
    public static JsonArray Outputs(NotebookRunResult r, int cellNumber) =>
        JsonNode.Parse(r.Notebook.ToJson())!["cells"]![cellNumber - 1]!["outputs"]!.AsArray();

    /// <summary>What a value shows as: text/plain when the kernel published it (strings, tensors, modules), else
    /// the text of the kernel's HTML rendering of a plain value (&lt;div class="dni-plaintext"&gt;&lt;pre&gt;42&lt;/pre&gt;).</summary>
    public static string Shown(JsonNode? output)
    {
        var data = output!["data"]!;
        if (data["text/plain"] is { } plain) return Text(plain);
        var m = System.Text.RegularExpressions.Regex.Match(Text(data["text/html"]), "^<div class=\"dni-plaintext\"><pre>(.*?)</pre></div>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(m.Success, "not a plain value: " + data.ToJsonString());
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static string Text(JsonNode? multiline) => multiline switch
    {
        JsonArray a => string.Concat(a.Select(x => x!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
}
