using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Workbench.Checkpoints;

/// <summary>
/// The safetensors header must be UTF-8 JSON. System.Text.Json parses a header with invalid UTF-8 inside a string
/// and only fails later, when the string is read, with an error that names neither the file nor the string. This
/// walks the header once, before anything is read from it, and names the first string that is not valid text:
/// a tensor name, a metadata key or value, a dtype, or another field.
/// </summary>
internal static class HeaderText
{
    /// <summary>Null when every string is valid; otherwise what is wrong and where. Structural JSON errors are left
    /// to the parser (they throw <see cref="JsonException"/> here too, and the caller reports them as such).</summary>
    public static string? FirstInvalid(ReadOnlySpan<byte> header, long fileOffset)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 64 });
        string? tensor = null, field = null;   // the tensor (or "__metadata__") and the field being read
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String)) continue;
            string role = Role(reader.TokenType, reader.CurrentDepth, tensor, field);
            var raw = reader.ValueSpan;
            if (!Utf8.IsValid(raw))
            {
                int bad = FirstBadByte(raw);
                long at = fileOffset + reader.TokenStartIndex + 1 + bad;   // +1: the opening quote
                return $"{role} \"{Shown(raw)}\" is not valid UTF-8 (byte 0x{raw[bad]:X2} at file offset {at}).";
            }
            string text;
            try { text = reader.GetString()!; }
            catch (InvalidOperationException)
            {
                return $"{role} \"{Shown(raw)}\" holds an escape that is not valid UTF-16 (an unpaired surrogate), so it is not text.";
            }
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.CurrentDepth == 1) (tensor, field) = (text, null);
                else if (reader.CurrentDepth == 2) field = text;
            }
        }
        return null;
    }

    static string Role(JsonTokenType token, int depth, string? tensor, string? field) => (token, depth) switch
    {
        (JsonTokenType.PropertyName, 1) => "tensor name",
        (JsonTokenType.PropertyName, 2) when tensor == "__metadata__" => "metadata key",
        (JsonTokenType.String, 2) when tensor == "__metadata__" => $"metadata value of \"{field}\"",
        (JsonTokenType.PropertyName, 2) => $"a field name of tensor \"{tensor}\"",
        (JsonTokenType.String, 2) when field == "dtype" => $"dtype of tensor \"{tensor}\"",
        _ => tensor is null ? "a string" : $"a string in \"{tensor}\"",
    };

    static int FirstBadByte(ReadOnlySpan<byte> raw)
    {
        Span<char> sink = stackalloc char[256];
        int offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(raw[offset..], sink, out int read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall) return offset;
        }
    }

    /// <summary>The string as a reader would see it, invalid bytes shown as U+FFFD, cut to a readable length.</summary>
    static string Shown(ReadOnlySpan<byte> raw)
    {
        string s = Encoding.UTF8.GetString(raw);
        return s.Length <= 60 ? s : s[..57] + "...";
    }
}
