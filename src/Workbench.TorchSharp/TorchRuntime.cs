using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Workbench.TorchSharp.Native;

namespace Workbench.TorchSharp;

/// <summary>TorchSharp cannot run here. The message says what is missing and the command that fixes it.</summary>
public sealed class TorchSharpUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads libtorch through TorchSharp once, before anything in this library touches a torch type. TorchSharp's own
/// loader answers a failure with a 40-line trace on stdout and a message that blames a missing package reference
/// (also when the real cause is the Debian 12 libstdc++), so this checks first and fails with one line instead.
/// </summary>
public static class TorchRuntime
{
    const string PackageHint = "TorchSharp-cpu 0.107.0 (NuGet), which the Workbench.TorchSharp project references";
    static readonly Lock gate = new();
    static volatile bool loaded;

    /// <summary>Makes sure TorchSharp and its native libtorch are loaded; throws <see cref="TorchSharpUnavailableException"/> when they cannot be.</summary>
    public static void EnsureLoaded()
    {
        if (loaded) return;
        lock (gate)
        {
            if (loaded) return;
            Assembly torchSharp;
            try { torchSharp = TorchSharpAssembly(); }
            catch (FileNotFoundException e) { throw new TorchSharpUnavailableException(MissingAssemblyMessage(), e); }
            if (OperatingSystem.IsLinux() && NativeProblem(torchSharp) is string problem)
                throw new TorchSharpUnavailableException(problem);
            PreloadFromOwnFolder(torchSharp);
            InitializeCpu();
            loaded = true;
        }
    }

    /// <summary>Loads TorchSharp and returns <paramref name="value"/>: lets a torch module's constructor check before its base constructor runs.</summary>
    internal static T Loaded<T>(T value)
    {
        EnsureLoaded();
        return value;
    }

    // Kept out of line: JIT-compiling a method that names a TorchSharp type loads TorchSharp.dll, and a missing
    // assembly must surface as a FileNotFoundException in the caller, not in EnsureLoaded's own compilation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Assembly TorchSharpAssembly() => typeof(global::TorchSharp.torch).Assembly;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void InitializeCpu()
    {
        // TorchSharp prints its loader trace to stdout before throwing; the exception keeps it (InnerException).
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try { global::TorchSharp.torch.InitializeDeviceType(global::TorchSharp.DeviceType.CPU); }
        catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            throw new TorchSharpUnavailableException(
                $"TorchSharp could not load libtorch ({FirstLine(e)}). Restore and rebuild: `dotnet restore --force` then `dotnet build -c Release`; the native libraries come from {PackageHint}.", e);
        }
        finally { Console.SetOut(stdout); }
    }

    static string MissingAssemblyMessage() =>
        $"TorchSharp.dll is not beside {Path.GetFileName(typeof(TorchRuntime).Assembly.Location)} in {Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location)}: the application was built without {PackageHint}. " +
        "Reference src/Workbench.TorchSharp/Workbench.TorchSharp.csproj from the project and run `dotnet build -c Release`; " +
        "in a notebook, add `#r \"nuget: TorchSharp-cpu, 0.107.0\"` before referencing Workbench.TorchSharp.dll.";

    /// <summary>Why libLibTorchSharp.so will not load, or null when it does. A copy beside the application is tried
    /// with the dynamic loader. Without one (a notebook's #r) TorchSharp consolidates the NuGet cache's copy itself,
    /// so only that copy's version requirements are checked here, and <see cref="InitializeCpu"/> reports the rest.</summary>
    static string? NativeProblem(Assembly torchSharp)
    {
        if (FindNativeLibrary(torchSharp) is string beside) return Diagnose(beside, tryLoad: true);
        if (NuGetCacheCopy(torchSharp) is string cached && File.Exists(cached)) return Diagnose(cached, tryLoad: false);
        return null;
    }

    /// <summary>Why the libLibTorchSharp.so at <paramref name="library"/> cannot load on this machine, or null. With
    /// <paramref name="tryLoad"/> it asks the dynamic loader; else it only reads the file's version requirements.</summary>
    internal static string? Diagnose(string library, bool tryLoad)
    {
        if (!File.Exists(library))
            return $"TorchSharp's native library {library} is missing. Restore it with `dotnet restore --force` and rebuild with `dotnet build -c Release` (it comes from {PackageHint}).";
        var libstdcxx = LibTorchSharpPatch.FindSystemLibstdcxx();
        try
        {
            if (libstdcxx is not null && LibTorchSharpPatch.NeedsPatch(libstdcxx)
                && LibTorchSharpPatch.RequiresLibstdcxxVersion(library, LibTorchSharpPatch.Required))
                return $"TorchSharp's native library {library} requires {LibTorchSharpPatch.Required} (built with GCC 13), which this system's {libstdcxx} lacks " +
                       "(Debian 12 and Ubuntu 22.04 ship GCC 12's libstdc++). The build patches that requirement: run `dotnet build -c Release` " +
                       "for the project that uses Workbench.TorchSharp (e.g. `dotnet build -c Release workbench.sln`), then start again.";
        }
        catch (InvalidDataException e) { return $"TorchSharp's native library cannot be used: {e.Message}"; }
        if (!tryLoad || NativeLibrary.TryLoad(library, out _)) return null;
        string reason;
        try { NativeLibrary.Free(NativeLibrary.Load(library)); reason = "it loaded on a second try"; }
        catch (DllNotFoundException e) { reason = FirstLine(e); }
        return $"TorchSharp's native library {library} does not load: {reason}. Restore it with `dotnet restore --force` and rebuild with `dotnet build -c Release`.";
    }

    /// <summary>libLibTorchSharp.so where the runtime will look for it: the application's native search folders
    /// (from its .deps.json), then the folder of TorchSharp.dll, then that folder's runtimes/&lt;rid&gt;/native/ (see
    /// <see cref="PreloadFromOwnFolder"/>).</summary>
    static string? FindNativeLibrary(Assembly torchSharp)
    {
        var dirs = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        dirs.Add(Path.GetDirectoryName(torchSharp.Location) ?? "");
        if (OwnRuntimesFolder(torchSharp) is string own) dirs.Add(own);
        return dirs.Select(d => Path.Combine(d, LibTorchSharpPatch.FileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>runtimes/&lt;rid&gt;/native/ beside TorchSharp.dll, where a build puts this machine's natives.</summary>
    static string? OwnRuntimesFolder(Assembly torchSharp) =>
        Path.GetDirectoryName(torchSharp.Location) is { Length: > 0 } dir ? Path.Combine(dir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native") : null;

    /// <summary>
    /// A notebook's kernel (VS Code's dotnet-interactive tool, or the workbench's runner) loads Workbench.TorchSharp.dll
    /// and TorchSharp.dll by <c>#r</c> from artifacts/bin/Workbench.TorchSharp/release/, but the kernel's own .deps.json
    /// knows nothing of their natives in runtimes/&lt;rid&gt;/native/ there, so TorchSharp's load by name would fail. Loading
    /// libLibTorchSharp.so from that folder by its path first settles it: its RUNPATH ($ORIGIN) brings libtorch from the
    /// same folder, and the dynamic loader then answers TorchSharp's load by name with the library already loaded. An
    /// application whose .deps.json lists the natives (a test or benchmark build) never gets here.
    /// </summary>
    static void PreloadFromOwnFolder(Assembly torchSharp)
    {
        if (OperatingSystem.IsWindows() || AppListsNatives()) return;
        if (OwnRuntimesFolder(torchSharp) is not string own) return;
        string library = Path.Combine(own, OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : LibTorchSharpPatch.FileName);
        if (File.Exists(library)) NativeLibrary.Load(library);
    }

    static bool AppListsNatives() => (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(d => File.Exists(Path.Combine(d, LibTorchSharpPatch.FileName)));

    /// <summary>The copy in the NuGet cache that TorchSharp's fallback loader consolidates from (a notebook's case).</summary>
    static string? NuGetCacheCopy(Assembly torchSharp)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        return version is null ? null : Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", LibTorchSharpPatch.FileName);
    }

    static string FirstLine(Exception e)
    {
        var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
        return inner.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? inner.GetType().Name;
    }
}
