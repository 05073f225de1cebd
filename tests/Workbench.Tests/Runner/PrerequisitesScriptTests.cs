using System.Diagnostics;

namespace Workbench.Tests.Runner;

/// <summary>.ci/install.sh, which the build runs once so README's commands work on a bare Debian machine, finds
/// what is missing and, as root, installs it with apt-get; as another user it names the exact sudo command and
/// fails. Run with a PATH of stand-ins: `id` says who we are, `apt-get` and `dotnet` record their arguments, and
/// chromium is left out to look missing (the Python modules are checked through /usr/bin/python3 as installed).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrerequisitesScriptTests
{
    sealed record Outcome(int ExitCode, string Stdout, string Stderr, string AptCalls, string DotnetCalls);

    static Outcome RunScript(int uid, bool chromium)
    {
        string bin = Directory.CreateTempSubdirectory("wb-prereq-").FullName;
        try
        {
            string log = Path.Combine(bin, "calls");
            void Stub(string name, string body)
            {
                File.WriteAllText(Path.Combine(bin, name), "#!/bin/bash\n" + body + "\n");
                File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            Stub("id", $"echo {uid}");
            Stub("apt-get", $"echo \"$@\" >> {log}.apt");
            Stub("dotnet", $"echo \"$@\" >> {log}.dotnet");
            // What the script needs besides bash builtins, and what it looks for.
            string[] tools = ["dirname", "mkdir", "flock", "node", "npm", .. (chromium ? new[] { "chromium" } : [])];
            foreach (string tool in tools)
            {
                string? real = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
                Assert.True(real is not null, $"{tool} is not installed here; the test needs it");
                File.CreateSymbolicLink(Path.Combine(bin, tool), real!);
            }
            var start = new ProcessStartInfo("/bin/bash", [RepoPaths.File(".ci/install.sh")])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.Environment["PATH"] = bin;
            start.Environment["DOTNET_HOST_PATH"] = Path.Combine(bin, "dotnet");
            using var p = Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string Read(string f) => File.Exists(f) ? File.ReadAllText(f) : "";
            return new Outcome(p.ExitCode, stdout, stderr.Result, Read(log + ".apt"), Read(log + ".dotnet"));
        }
        finally { Directory.Delete(bin, recursive: true); }
    }

    [Fact]
    public void As_another_user_a_missing_package_is_named_with_the_exact_sudo_command()
    {
        var o = RunScript(uid: 1000, chromium: false);
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("error: the workbench needs Debian packages that are not installed: chromium", o.Stderr);
        Assert.Contains("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium", o.Stderr);
        Assert.Equal("", o.AptCalls);
        Assert.Equal("", o.DotnetCalls);
    }

    [Fact]
    public void As_root_a_missing_package_is_installed_then_the_tool_restored()
    {
        var o = RunScript(uid: 0, chromium: false);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Equal("update -qq\ninstall -y -qq --no-install-recommends chromium\n", o.AptCalls);
        Assert.Equal("tool restore\n", o.DotnetCalls);
    }

    [Fact]
    public void With_everything_present_nothing_is_installed()
    {
        var o = RunScript(uid: 1000, chromium: true);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Equal("", o.AptCalls);
        Assert.Equal("tool restore\n", o.DotnetCalls);
    }
}
