using System.IO.Compression;
using System.Reflection;
using Workbench.TorchSharp.Native;

namespace Workbench.TorchSharp.Tests.Native;

/// <summary>Copies of the real libLibTorchSharp.so for the patch tests: the original bytes come from the TorchSharp
/// .nupkg in the NuGet cache (the build has patched the extracted copy on machines that need it).</summary>
sealed class OriginalLibrary : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("wb-ts-patch-").FullName;
    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>The folder of the test binaries' native libraries (libtorch_cpu.so and the others libLibTorchSharp.so needs).</summary>
    public static string NativeFolder => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    /// <summary>A fresh copy of the original, unpatched library.</summary>
    public string Copy(string name = LibTorchSharpPatch.FileName)
    {
        var version = typeof(global::TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var nupkg = Path.Combine(root, "torchsharp", version, $"torchsharp.{version}.nupkg");
        Assert.True(File.Exists(nupkg), $"the TorchSharp package is not in the NuGet cache at {nupkg}");
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry("runtimes/linux-x64/native/" + LibTorchSharpPatch.FileName)!;
        var path = Path.Combine(Dir, name);
        entry.ExtractToFile(path, overwrite: true);
        return path;
    }
}
