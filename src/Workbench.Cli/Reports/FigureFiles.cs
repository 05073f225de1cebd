using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Workbench.Cli.Runner;

namespace Workbench.Cli.Reports;

/// <summary>One output's PNG as a file next to the report: <c>&lt;notebook&gt;/&lt;cell id&gt;-&lt;n&gt;.png</c>,
/// n counting the images of that cell from 1. <see cref="RelativePath"/> uses '/' and is relative to the
/// output folder, so reports keep working when the folder moves.</summary>
public sealed record FigureFile(int CellIndex, int OutputIndex, string RelativePath, byte[] Png)
{
    /// <summary>Pixel size from the PNG header (IHDR), so the page reserves the image's space before it loads.</summary>
    public (int Width, int Height) Size =>
        (BinaryPrimitives.ReadInt32BigEndian(Png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(Png.AsSpan(20, 4)));
}

/// <summary>Writes the static images of a notebook's outputs (the PNG fallbacks of charts) into a folder named
/// after the notebook. The set is replaced as a whole: written into a hidden sibling folder first, then swapped
/// in by renames, so a failed run never leaves a half-written set and images of deleted charts disappear.</summary>
public static partial class FigureFiles
{
    static readonly byte[] pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Every output of the executed notebook that carries image/png, in document order.</summary>
    public static IReadOnlyList<FigureFile> Collect(NotebookDocument doc, string stem)
    {
        var files = new List<FigureFile>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // case-insensitive file systems
        var cells = doc.Cells;
        for (int c = 0; c < cells.Count; c++)
        {
            var outputs = cells[c].Outputs;
            string name = SafeName(cells[c].Id ?? $"cell-{c + 1}");
            if (!used.Add(name)) name = $"{name}-cell{c + 1}"; // ids are unique, but not always after SafeName
            int n = 0;
            for (int o = 0; o < outputs.Count; o++)
            {
                if (outputs[o] is not DisplayElement display || !display.Data.TryGetValue(ChartImages.PngMime, out var png)) continue;
                string base64 = MultilineString.Read(png).Replace("\n", "");
                byte[] bytes;
                try { bytes = Convert.FromBase64String(base64); }
                catch (FormatException) { bytes = []; }
                if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(pngSignature))
                    throw new InvalidDataException($"{doc.Path}: cell {c + 1} (id {cells[c].Id}), output {o + 1}: image/png is not a base64 PNG.");
                files.Add(new FigureFile(c, o, $"{stem}/{name}-{++n}.png", bytes));
            }
        }
        return files;
    }

    /// <summary>Replaces <c>folder/stem/</c> with exactly these files (removes it when there are none).</summary>
    public static void Publish(string folder, string stem, IReadOnlyList<FigureFile> files)
    {
        string target = Path.Combine(folder, stem);
        EnsureOnlyImages(target);
        string suffix = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        string fresh = Path.Combine(folder, $".{stem}.new.{suffix}");
        string old = Path.Combine(folder, $".{stem}.old.{suffix}");
        try
        {
            if (files.Count > 0)
            {
                Directory.CreateDirectory(fresh);
                foreach (var f in files)
                {
                    using var stream = new FileStream(Path.Combine(fresh, Path.GetFileName(f.RelativePath)), FileMode.CreateNew);
                    stream.Write(f.Png);
                    stream.Flush(flushToDisk: true);
                }
            }
            if (Directory.Exists(target)) Directory.Move(target, old);
            if (files.Count > 0)
            {
                try { Directory.Move(fresh, target); }
                catch
                {
                    if (Directory.Exists(old)) Directory.Move(old, target); // put the previous set back
                    throw;
                }
            }
        }
        finally
        {
            DeleteQuietly(fresh);
            DeleteQuietly(old);
        }
    }

    /// <summary>The folder we replace must be one we wrote: only image files, no subfolders. This keeps a
    /// mistaken --output (say the repository root, with a notebook named "src") from deleting anything else.</summary>
    static void EnsureOnlyImages(string target)
    {
        if (File.Exists(target))
            throw new IOException($"{target}: a file is in the way of the notebook's image folder; move or delete it.");
        if (!Directory.Exists(target)) return;
        var foreign = Directory.EnumerateFileSystemEntries(target)
            .FirstOrDefault(e => Directory.Exists(e) || !ImageName().IsMatch(Path.GetFileName(e)));
        if (foreign is not null)
            throw new IOException($"{target}: holds {foreign}, which the runner did not write; refusing to replace the folder. " +
                                  "Choose another --output or move the folder.");
    }

    static void DeleteQuietly(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A cell id as a file name: nbformat ids are [A-Za-z0-9_-]{1,64}; anything else becomes '_'.</summary>
    static string SafeName(string id) => UnsafeChar().Replace(id, "_");

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeChar();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\.(png|svg)$")]
    private static partial Regex ImageName();
}
