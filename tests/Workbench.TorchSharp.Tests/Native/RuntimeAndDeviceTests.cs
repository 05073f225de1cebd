using System.Reflection;
using System.Runtime.Loader;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Native;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Native;

/// <summary>When TorchSharp cannot run, the error is one message that says what is missing and the command that
/// fixes it; a CUDA device where there is none is refused clearly.</summary>
public class RuntimeAndDeviceTests : IDisposable
{
    readonly OriginalLibrary library = new();
    public void Dispose() => library.Dispose();

    [Fact]
    public void AnUnpatchedLibraryIsDiagnosedWithTheFix()
    {
        var original = library.Copy();
        var message = TorchRuntime.Diagnose(original, tryLoad: false);
        if (!LibTorchSharpPatch.NeedsPatch(LibTorchSharpPatch.FindSystemLibstdcxx()!)) { Assert.Null(message); return; }
        Assert.NotNull(message);
        Assert.Contains(original, message);
        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("`dotnet build -c Release", message);
        Assert.DoesNotContain("\n", message);

        LibTorchSharpPatch.Patch(original);
        Assert.Null(TorchRuntime.Diagnose(original, tryLoad: false));
    }

    [Fact]
    public void AMissingOrBrokenLibraryIsDiagnosedWithTheFix()
    {
        var missing = Path.Combine(library.Dir, LibTorchSharpPatch.FileName);
        var m = TorchRuntime.Diagnose(missing, tryLoad: true)!;
        Assert.Contains($"{missing} is missing", m);
        Assert.Contains("`dotnet restore --force`", m);

        File.WriteAllText(missing, "garbage that is not a shared library, padded to more than sixty-four bytes of text....");
        var broken = TorchRuntime.Diagnose(missing, tryLoad: true)!;
        Assert.Contains("not an ELF file", broken);
        Assert.Contains(missing, broken);
    }

    [Fact]
    public void TheLibraryBesideTheTestsLoads() =>
        Assert.Null(TorchRuntime.Diagnose(Path.Combine(OriginalLibrary.NativeFolder, LibTorchSharpPatch.FileName), tryLoad: true));

    [Fact]
    public void WithoutTorchSharpDllTheErrorSaysWhatIsMissingAndHowToFixIt()
    {
        // Workbench.TorchSharp loaded in a context where TorchSharp.dll cannot be found, as in an application built without it.
        var context = new WithoutTorchSharp();
        try
        {
            var assembly = context.LoadFromAssemblyPath(typeof(TorchRuntime).Assembly.Location);
            var ensure = assembly.GetType(typeof(TorchRuntime).FullName!)!.GetMethod(nameof(TorchRuntime.EnsureLoaded))!;
            var e = Assert.Throws<TargetInvocationException>(() => ensure.Invoke(null, null)).InnerException!;
            Assert.Equal(nameof(TorchSharpUnavailableException), e.GetType().Name);
            Assert.Contains("TorchSharp.dll is not beside Workbench.TorchSharp.dll", e.Message);
            Assert.Contains("TorchSharp-cpu 0.107.0", e.Message);
            Assert.Contains("`dotnet build -c Release`", e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally { context.Unload(); }
    }

    sealed class WithoutTorchSharp() : AssemblyLoadContext("without TorchSharp", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == "TorchSharp" ? throw new FileNotFoundException($"Could not load file or assembly '{name}'.", name.Name + ".dll") : null;
    }

    [Fact]
    public void TheCpuDeviceWorksAndOthersAreRefusedClearly()
    {
        Assert.Equal(global::TorchSharp.DeviceType.CPU, TorchDevice.Parse("cpu").type);
        Assert.Equal(global::TorchSharp.DeviceType.CPU, TorchDevice.Parse(" CPU ").type);
        Assert.Contains("device 'tpu'", Assert.Throws<ArgumentException>(() => TorchDevice.Parse("tpu")).Message);
        Assert.Contains("takes no index", Assert.Throws<ArgumentException>(() => TorchDevice.Parse("cpu:1")).Message);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void ACudaModelWhereThereIsNoGpuIsAClearError(string device)
    {
        Assert.False(global::TorchSharp.torch.cuda.is_available(), "this test is for machines without CUDA (the TorchSharp-cpu build)");
        var e = Assert.Throws<InvalidOperationException>(() => new TorchLanguageModel(new LanguageModelConfig(CellKind.Lstm, 5, 3, 4), new Generator(1), device));
        Assert.Contains($"device '{device}': no CUDA GPU is available", e.Message);
        Assert.Contains("device \"cpu\"", e.Message);
    }
}
