using System.Diagnostics;
using Workbench.TorchSharp.Native;

namespace Workbench.TorchSharp.Tests.Native;

/// <summary>The Debian 12 patch, on copies of the real libLibTorchSharp.so: the unpatched requirement is detected (and,
/// on a system without GLIBCXX_3.4.32, makes the loader refuse the file), the patched file loads, a second run changes
/// nothing, and files without the requirement or with an unsafe one are left alone.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // the patch is for linux-x64 ELF files
public class LibTorchSharpPatchTests : IDisposable
{
    readonly OriginalLibrary library = new();
    public void Dispose() => library.Dispose();

    static string Libstdcxx => LibTorchSharpPatch.FindSystemLibstdcxx() ?? throw new InvalidOperationException("no libstdc++.so.6 on this machine");

    /// <summary>dlopen in a fresh process (Python's ctypes), with libtorch's folder on LD_LIBRARY_PATH: exit code and stderr.</summary>
    static (int Exit, string Error) LoadInFreshProcess(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import ctypes, sys; ctypes.CDLL(sys.argv[1])");
        psi.ArgumentList.Add(path);
        psi.Environment["LD_LIBRARY_PATH"] = OriginalLibrary.NativeFolder;
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error.Result);
    }

    [Fact]
    public void TheOriginalRequiresGlibcxx3432AndDoesNotLoadWhereLibstdcxxLacksIt()
    {
        var original = library.Copy();
        Assert.True(LibTorchSharpPatch.RequiresLibstdcxxVersion(original, "GLIBCXX_3.4.32"));
        var (exit, error) = LoadInFreshProcess(original);
        if (LibTorchSharpPatch.NeedsPatch(Libstdcxx))
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("GLIBCXX_3.4.32", error);
        }
        else Assert.True(exit == 0, error);   // a newer system loads it as it is
    }

    [Fact]
    public void ThePatchedFileLoadsAndDiffersOnlyInTheNameAndItsHash()
    {
        var path = library.Copy();
        var before = File.ReadAllBytes(path);
        var mode = File.GetUnixFileMode(path);
        Assert.Equal(PatchOutcome.Patched, LibTorchSharpPatch.Patch(path));
        var after = File.ReadAllBytes(path);

        Assert.False(LibTorchSharpPatch.RequiresLibstdcxxVersion(path, "GLIBCXX_3.4.32"));
        Assert.True(LibTorchSharpPatch.RequiresLibstdcxxVersion(path, "GLIBCXX_3.4.30"));
        Assert.Equal(before.Length, after.Length);
        int changed = before.Zip(after).Count(p => p.First != p.Second);
        Assert.InRange(changed, 2, 5);   // '2' -> '0' in the name, and the hash's differing bytes
        Assert.Equal(mode, File.GetUnixFileMode(path));
        var (exit, error) = LoadInFreshProcess(path);
        Assert.True(exit == 0, $"the patched library did not load: {error}");
        Assert.Empty(Directory.GetFiles(library.Dir, "*.tmp"));
    }

    [Fact]
    public void RunningTheStepTwiceIsANoOp()
    {
        var path = library.Copy();
        LibTorchSharpPatch.Patch(path);
        var bytes = File.ReadAllBytes(path);
        var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal(PatchOutcome.NotRequired, LibTorchSharpPatch.Patch(path));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void AFileWithoutTheRequirementIsLeftAlone()
    {
        var c10 = Path.Combine(library.Dir, "libc10.so");
        File.Copy(Path.Combine(OriginalLibrary.NativeFolder, "libc10.so"), c10);
        var bytes = File.ReadAllBytes(c10);
        Assert.Equal(PatchOutcome.NotRequired, LibTorchSharpPatch.Patch(c10));
        Assert.Equal(bytes, File.ReadAllBytes(c10));
    }

    [Fact]
    public void ARequirementThatMoreSymbolsNeedIsNotRenamed()
    {
        // Bind one more dynamic symbol to the GLIBCXX_3.4.32 requirement (version index 18 in this build): then the
        // rename would break it, so the patch must refuse and leave the file as it is.
        var path = library.Copy();
        var bytes = File.ReadAllBytes(path);
        var (versymOffset, count) = VersymSection(bytes);
        int anchorEntries = Enumerable.Range(0, count).Count(i => BitConverter.ToUInt16(bytes, versymOffset + 2 * i) == 18);
        Assert.Equal(1, anchorEntries);
        int other = Enumerable.Range(1, count - 1).First(i => BitConverter.ToUInt16(bytes, versymOffset + 2 * i) == 29);   // a GLIBCXX_3.4.30 symbol
        BitConverter.GetBytes((ushort)18).CopyTo(bytes, versymOffset + 2 * other);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => LibTorchSharpPatch.Patch(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not patching", e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void BadFilesGetAnErrorNamingThem()
    {
        var text = Path.Combine(library.Dir, "notes.txt");
        File.WriteAllText(text, "not a library at all, but long enough to have an ELF header's worth of bytes in it........");
        Assert.Contains($"{text}: not an ELF file", Assert.Throws<InvalidDataException>(() => LibTorchSharpPatch.Patch(text)).Message);

        var truncated = library.Copy("truncated.so");
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => LibTorchSharpPatch.Patch(truncated));
        Assert.Contains(truncated, e.Message);
    }

    [Fact]
    public void TheVersionHashIsTheElfHash()
    {
        Assert.Equal(0x09691a75u, LibTorchSharpPatch.ElfHash("GLIBC_2.2.5"));   // the value every x86-64 binary carries
        Assert.NotEqual(LibTorchSharpPatch.ElfHash("GLIBCXX_3.4.30"), LibTorchSharpPatch.ElfHash("GLIBCXX_3.4.32"));
    }

    [Fact]
    public void TheBuildPatchedTheCopyBesideTheTestsWhereThisSystemNeedsIt()
    {
        var beside = Path.Combine(OriginalLibrary.NativeFolder, LibTorchSharpPatch.FileName);
        Assert.True(File.Exists(beside), beside);
        Assert.Equal(LibTorchSharpPatch.NeedsPatch(Libstdcxx), !LibTorchSharpPatch.RequiresLibstdcxxVersion(beside, "GLIBCXX_3.4.32"));
    }

    /// <summary>File offset and entry count of .gnu.version (SHT_GNU_versym), read from the section headers.</summary>
    static (int Offset, int Count) VersymSection(byte[] b)
    {
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int h = (int)(shoff + i * shentsize);
            if (BitConverter.ToUInt32(b, h + 4) == 0x6fffffff)
                return ((int)BitConverter.ToInt64(b, h + 24), (int)(BitConverter.ToInt64(b, h + 32) / 2));
        }
        throw new InvalidDataException("no .gnu.version section");
    }
}
