// This file is compiled twice: into Workbench.TorchSharp (runtime diagnostics, tests) and, by the build, as an
// MSBuild inline task (build/LibTorchSharpPatch.targets). The task compiler targets netstandard2.0 with nothing
// defined, so the code sticks to netstandard2.0 APIs and the task class is hidden from the library by a symbol.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Workbench.TorchSharp.Native
{
    /// <summary>What <see cref="LibTorchSharpPatch.Patch"/> did to a file.</summary>
    public enum PatchOutcome
    {
        /// <summary>The file does not require GLIBCXX_3.4.32 (already patched, or another build): left untouched.</summary>
        NotRequired,
        /// <summary>The requirement was renamed to GLIBCXX_3.4.30.</summary>
        Patched,
    }

    /// <summary>
    /// Lets TorchSharp 0.107.0's native library (libLibTorchSharp.so) load where libstdc++ stops at GLIBCXX_3.4.30
    /// (GCC 12: Debian 12, Ubuntu 22.04). The library was linked by GCC 13, whose &lt;iostream&gt; makes every object
    /// require std::ios_base_library_init() at version GLIBCXX_3.4.32. That symbol is only a link anchor: no relocation
    /// refers to it, so the loader never binds it, but it still refuses a library whose version requirement the system
    /// lacks. The patch renames that requirement in the ELF section .gnu.version_r to GLIBCXX_3.4.30: the name in
    /// .dynstr (same length) and the Vernaux entry's vna_hash (the ELF hash of the name). Before writing it checks that
    /// the anchor is the only symbol of that version and that no relocation refers to it; the write is atomic
    /// (patched copy, then rename), and a file without the requirement is never touched.
    /// </summary>
    public static class LibTorchSharpPatch
    {
        public const string FileName = "libLibTorchSharp.so";
        public const string Libstdcxx = "libstdc++.so.6";
        public const string Required = "GLIBCXX_3.4.32";
        public const string Replacement = "GLIBCXX_3.4.30";
        const string Anchor = "_ZSt21ios_base_library_initv";

        /// <summary>Whether the ELF file at <paramref name="path"/> requires <paramref name="version"/> of libstdc++.</summary>
        public static bool RequiresLibstdcxxVersion(string path, string version) =>
            Elf.Read(path).VersionNeeds().Any(n => n.File == Libstdcxx && n.Name == version);

        /// <summary>The symbol versions a shared library defines (its .gnu.version_d names), e.g. GLIBCXX_3.4.30.</summary>
        public static IReadOnlyList<string> DefinedVersions(string path) => Elf.Read(path).VersionDefinitions();

        /// <summary>The libstdc++.so.6 the dynamic loader would pick up (LD_LIBRARY_PATH, then the standard library
        /// folders), or null where there is none (not glibc Linux).</summary>
        public static string? FindSystemLibstdcxx()
        {
            var dirs = new List<string>();
            var env = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(env)) dirs.AddRange(env!.Split(':').Where(d => d.Length > 0));
            foreach (var multiarch in new[] { "x86_64-linux-gnu", "aarch64-linux-gnu" })
                dirs.AddRange(new[] { "/lib/" + multiarch, "/usr/lib/" + multiarch });
            dirs.AddRange(new[] { "/lib64", "/usr/lib64", "/lib", "/usr/lib" });
            return dirs.Select(d => Path.Combine(d, Libstdcxx)).FirstOrDefault(File.Exists);
        }

        /// <summary>True when <paramref name="libstdcxx"/> lacks GLIBCXX_3.4.32, i.e. an unpatched libLibTorchSharp.so
        /// cannot load against it.</summary>
        public static bool NeedsPatch(string libstdcxx) => !DefinedVersions(libstdcxx).Contains(Required);

        /// <summary>
        /// Renames the GLIBCXX_3.4.32 requirement of <paramref name="path"/> to GLIBCXX_3.4.30, or does nothing when
        /// the file has no such requirement (so running it twice is a no-op). Throws <see cref="InvalidDataException"/>
        /// naming the file when it is not a 64-bit little-endian ELF library or when the requirement covers more than
        /// the link anchor (then renaming it would not be safe).
        /// </summary>
        public static PatchOutcome Patch(string path)
        {
            var elf = Elf.Read(path);
            var needs = elf.VersionNeeds();
            var need = needs.FirstOrDefault(n => n.File == Libstdcxx && n.Name == Required);
            if (need == null) return PatchOutcome.NotRequired;
            if (need.Hash != ElfHash(Required))
                throw elf.Bad($"the {Required} entry's hash is {need.Hash:x8}, not the ELF hash of its name; unexpected layout, not patching.");
            var bound = elf.SymbolsOfVersion(need.Index);
            var others = bound.Where(s => s.Name != Anchor).Select(s => s.Name).ToList();
            if (others.Count > 0)
                throw elf.Bad($"symbols other than {Anchor} need {Required} ({string.Join(", ", others.Take(5))}); renaming the requirement would break them, not patching.");
            foreach (var s in bound)
                if (elf.IsRelocated(s.Index))
                    throw elf.Bad($"a relocation refers to {s.Name}@{Required}; renaming the requirement would break it, not patching.");
            if (needs.Any(n => n != need && n.NameOffset < need.NameOffset + Required.Length && need.NameOffset < n.NameOffset + n.Name.Length + 1))
                throw elf.Bad($"the string {Required} in .dynstr is shared with another version name; not patching.");

            string temp = path + ".patch-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(path, temp);   // keeps the file mode
                using (var fs = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    fs.Position = need.NameOffset;
                    var name = Encoding.ASCII.GetBytes(Replacement);
                    fs.Write(name, 0, name.Length);
                    fs.Position = need.HashOffset;
                    var hash = BitConverter.GetBytes(ElfHash(Replacement));   // little-endian: checked on read
                    fs.Write(hash, 0, hash.Length);
                }
                if (RequiresLibstdcxxVersion(temp, Required) || !RequiresLibstdcxxVersion(temp, Replacement))
                    throw elf.Bad("the patched copy does not read back as expected; the original is unchanged.");
                File.Replace(temp, path, null);   // rename over the original: readers see the old or the new file, never half
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return PatchOutcome.Patched;
        }

        /// <summary>The System V ELF hash of a symbol or version name (the value stored in vna_hash / vd_hash).</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        /// <summary>A version requirement (Vernaux): the library it is on, the version name, where name and hash live in
        /// the file, and the version index that .gnu.version gives the symbols bound to it.</summary>
        sealed class VersionNeed
        {
            public string File = "", Name = "";
            public long NameOffset, HashOffset;
            public uint Hash;
            public int Index;
        }

        sealed class Symbol
        {
            public int Index;
            public string Name = "";
        }

        /// <summary>Just enough of a 64-bit little-endian ELF file's section headers to read its version sections.</summary>
        sealed class Elf
        {
            const uint ShtRela = 4, ShtDynsym = 11, ShtRel = 9, ShtVerdef = 0x6ffffffd, ShtVerneed = 0x6ffffffe, ShtVersym = 0x6fffffff;

            readonly string path;
            readonly byte[] b;
            readonly List<Section> sections = new List<Section>();

            sealed class Section
            {
                public uint Type, Link, Info;
                public long Offset, Size, EntSize;
            }

            Elf(string path, byte[] bytes) { this.path = path; b = bytes; }

            public InvalidDataException Bad(string why) => new InvalidDataException($"{path}: {why}");

            public static Elf Read(string path)
            {
                var elf = new Elf(path, System.IO.File.ReadAllBytes(path));
                var b = elf.b;
                if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
                    throw elf.Bad("not an ELF file.");
                if (b[4] != 2 || b[5] != 1 || !BitConverter.IsLittleEndian)
                    throw elf.Bad("not a 64-bit little-endian ELF file (the patch is for linux-x64).");
                try
                {
                    long shoff = (long)elf.U64(0x28);
                    int shentsize = elf.U16(0x3A), shnum = elf.U16(0x3C);
                    for (int i = 0; i < shnum; i++)
                    {
                        long h = shoff + (long)i * shentsize;
                        var s = new Section { Type = elf.U32(h + 4), Offset = (long)elf.U64(h + 24), Size = (long)elf.U64(h + 32),
                            Link = elf.U32(h + 40), Info = elf.U32(h + 44), EntSize = (long)elf.U64(h + 56) };
                        if (s.Type != 8 && (s.Offset < 0 || s.Size < 0 || s.Offset + s.Size > b.Length))   // 8: SHT_NOBITS has no file bytes
                            throw elf.Bad($"section {i} lies outside the {b.Length}-byte file (truncated?).");
                        elf.sections.Add(s);
                    }
                }
                catch (ArgumentOutOfRangeException) { throw elf.Bad("truncated section header table."); }
                return elf;
            }

            public List<VersionNeed> VersionNeeds()
            {
                var needs = new List<VersionNeed>();
                foreach (var s in sections.Where(x => x.Type == ShtVerneed))
                {
                    var strtab = Linked(s);
                    long pos = s.Offset;
                    for (uint k = 0; k < s.Info; k++)
                    {
                        int cnt = U16(pos + 2);
                        string file = Str(strtab, U32(pos + 4));
                        long aux = pos + U32(pos + 8);
                        for (int j = 0; j < cnt; j++)
                        {
                            uint nameAt = U32(aux + 8);
                            needs.Add(new VersionNeed { File = file, Name = Str(strtab, nameAt), NameOffset = strtab.Offset + nameAt,
                                HashOffset = aux, Hash = U32(aux), Index = U16(aux + 6) & 0x7fff });
                            aux += U32(aux + 12);
                        }
                        pos += U32(pos + 12);
                    }
                }
                return needs;
            }

            public List<string> VersionDefinitions()
            {
                var names = new List<string>();
                foreach (var s in sections.Where(x => x.Type == ShtVerdef))
                {
                    var strtab = Linked(s);
                    long pos = s.Offset;
                    for (uint k = 0; k < s.Info; k++)
                    {
                        names.Add(Str(strtab, U32(pos + U32(pos + 12))));   // the first Verdaux names the version
                        pos += U32(pos + 16);
                    }
                }
                return names;
            }

            /// <summary>Dynamic symbols whose .gnu.version entry is <paramref name="versionIndex"/>.</summary>
            public List<Symbol> SymbolsOfVersion(int versionIndex)
            {
                var result = new List<Symbol>();
                var dynsym = sections.FirstOrDefault(x => x.Type == ShtDynsym);
                var versym = sections.FirstOrDefault(x => x.Type == ShtVersym);
                if (dynsym == null || versym == null) return result;
                var strtab = Linked(dynsym);
                long count = dynsym.Size / 24;
                for (int i = 0; i < count && 2L * i < versym.Size; i++)
                    if ((U16(versym.Offset + 2L * i) & 0x7fff) == versionIndex)
                        result.Add(new Symbol { Index = i, Name = Str(strtab, U32(dynsym.Offset + 24L * i)) });
                return result;
            }

            /// <summary>Whether any dynamic relocation (.rela.dyn, .rela.plt, .rel.*) refers to dynamic symbol <paramref name="symbol"/>.</summary>
            public bool IsRelocated(int symbol)
            {
                int dynsymIndex = sections.FindIndex(x => x.Type == ShtDynsym);
                foreach (var s in sections.Where(x => (x.Type == ShtRela || x.Type == ShtRel) && x.Link == dynsymIndex))
                {
                    long entry = s.Type == ShtRela ? 24 : 16;
                    for (long p = s.Offset; p + entry <= s.Offset + s.Size; p += entry)
                        if ((U64(p + 8) >> 32) == (ulong)symbol) return true;
                }
                return false;
            }

            Section Linked(Section s) =>
                s.Link < sections.Count ? sections[(int)s.Link] : throw Bad($"a section links to section {s.Link}, which does not exist.");

            string Str(Section strtab, uint at)
            {
                long start = strtab.Offset + at, end = start;
                while (end < strtab.Offset + strtab.Size && b[end] != 0) end++;
                if (at >= strtab.Size || end >= strtab.Offset + strtab.Size) throw Bad($"string offset {at} runs past its string table.");
                return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
            }

            int U16(long at) => BitConverter.ToUInt16(b, Check(at, 2));
            uint U32(long at) => BitConverter.ToUInt32(b, Check(at, 4));
            ulong U64(long at) => BitConverter.ToUInt64(b, Check(at, 8));

            int Check(long at, int size) =>
                at >= 0 && at + size <= b.Length ? (int)at : throw Bad($"a structure at offset {at} runs past the end of the {b.Length}-byte file (truncated?).");
        }
    }

#if !WORKBENCH_TORCHSHARP_LIBRARY
    /// <summary>The build step (build/LibTorchSharpPatch.targets): patches every libLibTorchSharp.so under
    /// <see cref="Roots"/> when this machine's libstdc++ lacks GLIBCXX_3.4.32, and says so once per file.</summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Roots { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        public override bool Execute()
        {
            var libstdcxx = LibTorchSharpPatch.FindSystemLibstdcxx();
            if (libstdcxx == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Workbench.TorchSharp: no libstdc++.so.6 found; libLibTorchSharp.so left as it is.");
                return true;
            }
            try
            {
                if (!LibTorchSharpPatch.NeedsPatch(libstdcxx))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"Workbench.TorchSharp: {libstdcxx} has {LibTorchSharpPatch.Required}; libLibTorchSharp.so needs no patch.");
                    return true;
                }
            }
            catch (InvalidDataException e)
            {
                Log.LogWarning($"Workbench.TorchSharp: cannot read the symbol versions of {e.Message}");
                return true;
            }
            var roots = Roots.Select(r => r.ItemSpec).Where(Directory.Exists).Select(Path.GetFullPath).Distinct();
            foreach (var file in roots.SelectMany(r => Directory.EnumerateFiles(r, LibTorchSharpPatch.FileName, SearchOption.AllDirectories)).Distinct())
            {
                try
                {
                    if (LibTorchSharpPatch.Patch(file) == PatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"Workbench.TorchSharp: patched {file}: it required {LibTorchSharpPatch.Required} (GCC 13), which {libstdcxx} lacks; " +
                            $"the requirement now reads {LibTorchSharpPatch.Replacement} (only the unused link anchor std::ios_base_library_init() had it). See README, TorchSharp on Debian 12 / Ubuntu 22.04.");
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning($"Workbench.TorchSharp: could not patch {file}: {e.Message} TorchSharp will not load on this machine.");
                }
            }
            return true;
        }
    }
#endif
}
