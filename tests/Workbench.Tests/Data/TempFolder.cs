using System.Text;

namespace Workbench.Tests.Data;

/// <summary>A test class's own temporary folder: files written into it (subfolders made as needed), deleted with it.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="text"/> as UTF-8, after a byte-order mark when <paramref name="bom"/>; returns the full path.</summary>
    public string Write(string relative, string text, bool bom = false) =>
        WriteBytes(relative, [.. (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []), .. Encoding.UTF8.GetBytes(text)]);

    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
