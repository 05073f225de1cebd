using System.Security.Cryptography;

namespace Workbench.Data;

/// <summary>Which file a dataset was read from: its name, size in bytes and SHA-256, so a checkpoint or report says
/// exactly what a model was trained on and a resumed run can tell that the file changed.</summary>
public sealed record DataFile(string Name, long Bytes, string Sha256)
{
    /// <summary>Reads the file once (streamed) to hash it.</summary>
    public static DataFile Describe(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {Path.GetFullPath(path)}", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new DataFile(Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    public override string ToString() => $"{Name} ({Bytes:N0} bytes, sha256 {Sha256[..12]}…)";
}
