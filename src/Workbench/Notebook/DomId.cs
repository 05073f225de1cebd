using System.Security.Cryptography;
using System.Text;

namespace Workbench.Notebook;

/// <summary>
/// Element ids for HTML outputs that are the same on every run (unlike Guid.NewGuid), so reports are reproducible:
/// a short hash of the content plus a per-process sequence number, which keeps two identical outputs apart.
/// </summary>
internal static class DomId
{
    static int sequence;

    public static string Next(string prefix, string content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..10];
        return $"{prefix}-{hash}-{Interlocked.Increment(ref sequence)}";
    }
}
