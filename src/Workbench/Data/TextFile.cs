using System.Buffers;
using System.Text.Unicode;

namespace Workbench.Data;

/// <summary>One line of a text file: its text (without the line end), its 1-based number and the byte offset of
/// its first byte in the file.</summary>
public readonly record struct TextLine(string Text, long Number, long ByteOffset);

/// <summary>
/// Reads a user's text file one line at a time, never the whole file: UTF-8 with or without a byte-order mark,
/// lines ending in LF, CRLF or a lone CR. The decoding is strict: the first byte that is not valid UTF-8 stops the
/// read with its byte offset and line, where a lenient reader would silently put U+FFFD into the data. A missing or
/// empty file is an error too. Errors are <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>
/// and name the file.
/// </summary>
public static class TextFile
{
    const int ChunkBytes = 1 << 16;
    static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Checks that the file exists and holds more than a byte-order mark; returns its full path.</summary>
    public static string RequireNonEmpty(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new FileNotFoundException($"Data file expected but '{full}' is a folder.", full);
        if (!File.Exists(full)) throw new FileNotFoundException($"Data file not found: {full}", full);
        long length = new FileInfo(full).Length;
        if (length == 0) throw new InvalidDataException($"Data file is empty: {full}");
        if (length == Bom.Length && File.ReadAllBytes(full).AsSpan().SequenceEqual(Bom))
            throw new InvalidDataException($"Data file is empty (only a UTF-8 byte-order mark): {full}");
        return full;
    }

    /// <summary>The lines of the file, streamed. Enumerating again reads the file again.</summary>
    public static IEnumerable<TextLine> ReadLines(string path)
    {
        var full = RequireNonEmpty(path);
        return Read(full);
    }

    static IEnumerable<TextLine> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes, FileOptions.SequentialScan);
        var chunk = new byte[ChunkBytes];
        var line = new ArrayBufferWriter<byte>(256);
        long offset = 0, lineStart = 0, number = 1;
        bool first = true, afterCr = false;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            int i = 0;
            if (first)
            {
                first = false;
                if (read >= 3 && chunk.AsSpan(0, 3).SequenceEqual(Bom)) { i = 3; lineStart = 3; }
            }
            if (afterCr && i < read && chunk[i] == (byte)'\n') { i++; lineStart++; }   // the LF of a CRLF split across chunks
            afterCr = false;
            while (i < read)
            {
                int end = chunk.AsSpan(i, read - i).IndexOfAny((byte)'\n', (byte)'\r');
                if (end < 0) { line.Write(chunk.AsSpan(i, read - i)); break; }
                line.Write(chunk.AsSpan(i, end));
                var text = new TextLine(Decode(path, line.WrittenSpan, lineStart, number), number, lineStart);
                line.ResetWrittenCount();
                yield return text;
                int next = i + end + 1;
                if (chunk[i + end] == (byte)'\r')
                {
                    if (next < read) { if (chunk[next] == (byte)'\n') next++; }
                    else afterCr = true;
                }
                lineStart = offset + next;
                number++;
                i = next;
            }
            offset += read;
        }
        if (line.WrittenCount > 0) yield return new TextLine(Decode(path, line.WrittenSpan, lineStart, number), number, lineStart);
    }

    static string Decode(string path, ReadOnlySpan<byte> bytes, long lineStart, long number)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out int bytesRead, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
                throw new InvalidDataException($"{path} is not UTF-8 text: byte 0x{bytes[bytesRead]:X2} at offset {lineStart + bytesRead} " +
                    $"(line {number}, byte {bytesRead + 1} of the line) is not valid UTF-8. Save the file as UTF-8 (a byte-order mark is optional).");
            return new string(chars, 0, written);
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }
}
