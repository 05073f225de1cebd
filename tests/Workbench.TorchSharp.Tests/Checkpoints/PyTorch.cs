using System.Diagnostics;
using System.Text.Json;

namespace Workbench.TorchSharp.Tests.Checkpoints;

/// <summary>Runs a script with Debian's PyTorch (/usr/bin/python3, python3-torch from .ci/install.sh) and reads the
/// float array it prints as JSON.</summary>
static class PyTorch
{
    public static float[] Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"PyTorch check {Path.GetFileName(script)} failed (python3-torch is installed by .ci/install.sh): {stderr.Result}");
        return JsonSerializer.Deserialize<float[]>(stdout)!;
    }

    /// <summary>A file of another test project, found from the repository root above the test binaries.</summary>
    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "workbench.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("workbench.sln not found above " + AppContext.BaseDirectory);
    }
}
