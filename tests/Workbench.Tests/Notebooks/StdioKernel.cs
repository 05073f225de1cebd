using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks;

/// <summary>The dotnet-interactive tool driven as VS Code's Polyglot Notebooks extension drives it: started as
/// <c>dotnet-interactive [vscode] stdio --working-dir &lt;notebook folder&gt;</c> (the version pinned in
/// .config/dotnet-tools.json), one JSON command envelope per line on stdin (SubmitCode to "csharp" with a token),
/// answered by event envelopes on stdout (KernelReady first, then each command's events, ending with
/// CommandSucceeded or CommandFailed carrying its token).</summary>
internal sealed class StdioKernel : IDisposable
{
    readonly Process _process;
    readonly StringWriter _stderr = new();
    int _next;

    StdioKernel(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.WriteLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    public static async Task<StdioKernel> StartAsync(string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["dotnet-interactive", "[vscode]", "stdio", "--working-dir", workingDirectory])
        {
            // `dotnet dotnet-interactive` finds the local tool through the manifest above the current directory.
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        var kernel = new StdioKernel(Process.Start(start)!);
        var ready = await kernel.ReadUntilAsync(e => e["eventType"]?.GetValue<string>() == "KernelReady", timeout);
        if (ready is null)
        {
            string log = kernel.Stderr;
            kernel.Dispose();
            Assert.Fail("dotnet-interactive did not send KernelReady. Is the tool restored (dotnet tool restore, pinned in " +
                        $".config/dotnet-tools.json)? stderr:\n{log}");
        }
        return kernel;
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Submits one cell and returns every event envelope of it (the command's token or a child token,
    /// e.g. "t1.1" for a deferred command), up to and including CommandSucceeded / CommandFailed.</summary>
    public async Task<IReadOnlyList<JsonObject>> SubmitCodeAsync(string code, TimeSpan timeout)
    {
        string token = $"wb-{++_next}";
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var events = new List<JsonObject>();
        var end = await ReadUntilAsync(e =>
        {
            string? t = e["command"]?["token"]?.GetValue<string>();
            if (t != token && t?.StartsWith(token + ".", StringComparison.Ordinal) != true) return false;
            events.Add(e);
            return t == token && e["eventType"]?.GetValue<string>() is "CommandSucceeded" or "CommandFailed";
        }, timeout);
        Assert.True(end is not null, $"no CommandSucceeded/CommandFailed for a cell within {timeout}:\n{code}\nstderr:\n{Stderr}");
        return events;
    }

    async Task<JsonObject?> ReadUntilAsync(Func<JsonObject, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                JsonNode? node;
                try { node = JsonNode.Parse(line); }
                catch (System.Text.Json.JsonException) { continue; }   // not an envelope (the tool logs nothing else here)
                if (node is JsonObject e && done(e)) return e;
            }
        }
        catch (OperationCanceledException) { }
        return null;
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5_000))
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
