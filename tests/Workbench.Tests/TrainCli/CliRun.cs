using Workbench.Checkpoints;
using Workbench.Cli.Commands;

namespace Workbench.Tests.TrainCli;

/// <summary>Runs the <c>workbench</c> command in process with its output captured as a redirected console sees it
/// (plain lines), and reads checkpoints back.</summary>
sealed class CliRun : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("wb-train-cli-").FullName;
    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string P(string name) => Path.Combine(Dir, name);

    public (int Code, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        int code = WorkbenchCommand.InvokeAsync(args, CliConsole.Create(writer, isTerminal: false)).GetAwaiter().GetResult();
        return (code, writer.ToString());
    }

    /// <summary>Every tensor of a checkpoint (weights and optimizer state) as raw bytes, by name.</summary>
    public static Dictionary<string, byte[]> TensorBytes(string path) => SafeTensors.Load(path).Tensors
        .ToDictionary(kv => kv.Key, kv => System.Runtime.InteropServices.MemoryMarshal.AsBytes(kv.Value.ToArray().AsSpan()).ToArray());

    /// <summary>A data file: the first <paramref name="lines"/> lines of a committed example.</summary>
    public string Example(string name, string example, int? lines = null)
    {
        var all = File.ReadAllLines(RepoPaths.File("datasets/examples/" + example));
        var path = P(name);
        File.WriteAllLines(path, lines is int n ? all[..n] : all);
        return path;
    }
}
