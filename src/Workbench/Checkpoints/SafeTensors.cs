using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Workbench.IO;
using Workbench.Tensors;

namespace Workbench.Checkpoints;

/// <summary>
/// The safetensors format (Hugging Face; read by PyTorch, TorchSharp and others): an 8-byte little-endian
/// header length N, N bytes of JSON ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
/// {string: string}}), then the raw little-endian tensor bytes. Offsets are relative to the data section.
/// Loading validates every size and offset against the file before allocating anything from it.
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (the reference implementation's limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes tensors (float32, "F32") and string metadata atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        foreach (var (name, t) in ordered)
        {
            if (name == "__metadata__") throw new ArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor.");
            long bytes = (long)t.Numel * sizeof(float);
            header[name] = new { dtype = "F32", shape = t.Shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;   // align the data section to 8 bytes, padding with spaces
        AtomicFile.Write(path, s =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            s.Write(len);
            s.Write(json);
            for (int i = json.Length; i < padded; i++) s.WriteByte((byte)' ');
            foreach (var (_, t) in ordered)
            {
                if (BitConverter.IsLittleEndian) s.Write(MemoryMarshal.AsBytes(t.Values));
                else foreach (float v in t.Values) { var b = BitConverter.GetBytes(v); Array.Reverse(b); s.Write(b); }
            }
        });
    }

    /// <summary>Reads a safetensors file. Every problem (truncation, a header that is not UTF-8 JSON, offsets out of
    /// bounds, overlapping or leaving gaps, an unsupported dtype, a shape that disagrees with its byte count) throws a
    /// <see cref="CheckpointFormatException"/> naming the file and the tensor.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors: no file at '{path}'.", path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLen = fs.Length;
        CheckpointFormatException Bad(string why) => new($"safetensors file '{path}': {why}");
        if (fileLen < 8) throw Bad($"only {fileLen} bytes; a safetensors file starts with an 8-byte header length.");
        Span<byte> lenBytes = stackalloc byte[8];
        fs.ReadExactly(lenBytes);
        ulong headerLen = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
        if (headerLen > (ulong)MaxHeaderBytes) throw Bad($"header length {headerLen} exceeds the {MaxHeaderBytes}-byte limit.");
        if (headerLen > (ulong)(fileLen - 8)) throw Bad($"header length {headerLen} runs past the end of the {fileLen}-byte file (truncated?).");
        var headerBytes = new byte[headerLen];
        fs.ReadExactly(headerBytes);
        long dataLen = fileLen - 8 - (long)headerLen;

        JsonDocument doc;
        try
        {
            if (HeaderText.FirstInvalid(headerBytes, fileOffset: 8) is string invalid) throw Bad($"header: {invalid}");
            doc = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e) { throw Bad($"header is not valid JSON ({e.Message})."); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("header is not a JSON object.");

        Dictionary<string, string>? metadata = null;
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (!names.Add(prop.Name)) throw Bad($"the header names \"{prop.Name}\" twice.");
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ must be an object of strings.");
                metadata = new Dictionary<string, string>();
                foreach (var m in prop.Value.EnumerateObject())
                {
                    if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata '{m.Name}' is not a string.");
                    if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw Bad($"metadata key '{m.Name}' appears twice.");
                }
                continue;
            }
            entries.Add(ParseEntry(prop, dataLen, Bad));
        }
        CheckDense(entries, dataLen, Bad);

        var tensors = new Dictionary<string, Tensor>();
        long dataStart = 8 + (long)headerLen;
        foreach (var (name, shape, begin, end) in entries)
        {
            var values = new float[(end - begin) / sizeof(float)];   // sizes already checked against the file
            fs.Position = dataStart + begin;
            fs.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(BitConverter.GetBytes(values[i]));
            tensors[name] = new Tensor(values, shape);
        }
        return (tensors, metadata ?? new Dictionary<string, string>());
    }

    /// <summary>The format's layout rule: the tensors tile the data section exactly, in offset order, from byte 0 to
    /// its end, with no gap, no overlap and no bytes left over (the reference implementation refuses anything else).</summary>
    static void CheckDense(List<(string Name, int[] Shape, long Begin, long End)> entries, long dataLen, Func<string, CheckpointFormatException> bad)
    {
        long expected = 0;
        string previous = "the start of the data section";
        foreach (var (name, _, begin, end) in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (begin < expected)
                throw bad($"tensors {previous} and '{name}' overlap in the data section (bytes {begin}..{expected}).");
            if (begin > expected)
                throw bad($"bytes {expected}..{begin} of the data section, between {previous} and tensor '{name}', belong to no tensor; the format requires tensors packed without gaps.");
            expected = end;
            previous = $"'{name}'";
        }
        if (expected != dataLen)
            throw bad($"the data section has {dataLen} bytes but the tensors cover only {expected}; the format allows no trailing bytes.");
    }

    static (string, int[], long, long) ParseEntry(JsonProperty prop, long dataLen, Func<string, CheckpointFormatException> bad)
    {
        string name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object) throw bad($"entry '{name}' is not an object.");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String) throw bad($"tensor '{name}' has no dtype.");
        string dtype = dt.GetString()!;
        if (dtype != "F32") throw bad($"tensor '{name}' has dtype {dtype}; this library stores and reads float32 (F32) only.");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array) throw bad($"tensor '{name}' has no shape array.");
        var shape = new int[sh.GetArrayLength()];
        if (shape.Length > 8) throw bad($"tensor '{name}' has {shape.Length} dimensions (at most 8 supported).");
        long numel = 1;
        int k = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0 || dim > int.MaxValue)
                throw bad($"tensor '{name}' has an invalid dimension {d} in its shape.");
            shape[k++] = (int)dim;
            numel *= dim;   // both factors are at most 2^31-1, so this cannot overflow a long
            if (numel > int.MaxValue) throw bad($"tensor '{name}' with shape [{string.Join(", ", shape.Take(k))}...] has more than 2^31-1 elements.");
        }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw bad($"tensor '{name}' has no [begin, end] data_offsets.");
        // A non-integer offset (a string, a fraction, out of range) reads as -1, which the range check refuses.
        static long Offset(JsonElement x) => x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out long o) ? o : -1;
        long begin = Offset(off[0]), end = Offset(off[1]);
        if (begin < 0 || end < begin || end > dataLen)
            throw bad($"tensor '{name}' has data_offsets [{off[0]}, {off[1]}] outside the {dataLen}-byte data section.");
        if (end - begin != numel * sizeof(float))
            throw bad($"tensor '{name}': shape [{string.Join(", ", shape)}] needs {numel * sizeof(float)} bytes but data_offsets span {end - begin}.");
        return (name, shape, begin, end);
    }
}

/// <summary>A checkpoint or tensor file that cannot be used; the message names the file and the problem.</summary>
public sealed class CheckpointFormatException(string message) : Exception(message);
