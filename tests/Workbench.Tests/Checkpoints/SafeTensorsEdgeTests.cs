using System.Buffers.Binary;
using System.Text;
using Workbench.Checkpoints;
using Workbench.Tensors;

namespace Workbench.Tests.Checkpoints;

/// <summary>The reader's and writer's rules at their edges, each error message compared whole (written for the
/// mutants Stryker found surviving in Checkpoints/SafeTensors.cs: guards at their boundaries, each way a header entry
/// can be malformed, and the writer's order, padding and metadata).</summary>
public class SafeTensorsEdgeTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-st-edge-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    const string A = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        { "entry-not-object", "{\"w\":5}", 0, "entry 'w' is not an object." },
        { "no-dtype", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no dtype." },
        { "dtype-not-string", "{\"w\":{\"dtype\":1,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no dtype." },
        { "no-shape", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no shape array." },
        { "shape-not-array", "{\"w\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no shape array." },
        { "nine-dimensions", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has 9 dimensions (at most 8 supported)." },
        { "largest-dimension", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647],\"data_offsets\":[0,4]}}", 4,
            "tensor 'w': shape [2147483647] needs 8589934588 bytes but data_offsets span 4." },
        { "dimension-past-int", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has an invalid dimension 2147483648 in its shape." },
        { "too-many-elements", "{\"w\":{\"dtype\":\"F32\",\"shape\":[3,100000,100000],\"data_offsets\":[0,4]}}", 4,
            "tensor 'w' with shape [3, 100000, 100000...] has more than 2^31-1 elements." },
        { "no-offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'w' has no [begin, end] data_offsets." },
        { "offsets-not-array", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":4}}", 4, "tensor 'w' has no [begin, end] data_offsets." },
        { "three-offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4, "tensor 'w' has no [begin, end] data_offsets." },
        { "offsets-not-integers", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0.5,4]}}", 4, "tensor 'w' has data_offsets [0.5, 4] outside the 4-byte data section." },
        { "end-not-integer", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,\"x\"]}}", 4, "tensor 'w' has data_offsets [0, x] outside the 4-byte data section." },
        { "span-disagrees-after-another", "{" + A + ",\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,12]}}", 12,
            "tensor 'w': shape [3] needs 12 bytes but data_offsets span 8." },
        { "metadata-not-object", "{\"__metadata__\":[1]}", 0, "__metadata__ must be an object of strings." },
        { "metadata-value-not-string", "{\"__metadata__\":{\"k\":1}}", 0, "metadata 'k' is not a string." },
        { "metadata-key-twice", "{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", 0, "metadata key 'k' appears twice." },
        { "header-not-object", "[1]", 0, "header is not a JSON object." },
        { "gap-at-start", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
            "bytes 0..4 of the data section, between the start of the data section and tensor 'a', belong to no tensor; the format requires tensors packed without gaps." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Each_malformed_header_entry_is_named_in_full(string name, string header, int dataBytes, string why)
    {
        var path = Write(name, Encoding.UTF8.GetBytes(header), dataBytes);
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path));
        Assert.Equal($"safetensors file '{path}': {why}", e.Message);
    }

    [Fact]
    public void Eight_dimensions_and_the_largest_int_dimension_are_allowed()
    {
        var path = Write("eight", Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,2],\"data_offsets\":[0,8]}}"), 8);
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 1, 1, 2 }, SafeTensors.Load(path).Tensors["w"].Shape);
    }

    [Fact]
    public void Length_guards_hold_at_their_boundaries()
    {
        // Exactly 8 bytes (a zero header length): long enough for the length, then an empty header.
        var eight = new byte[8];
        var p8 = Path.Combine(dir, "eight-bytes.safetensors");
        File.WriteAllBytes(p8, eight);
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(p8));
        Assert.StartsWith($"safetensors file '{p8}': header is not valid JSON (", e.Message);

        // A header length of exactly the limit is not over it: the file is then too short for it.
        var limit = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(limit, (ulong)SafeTensors.MaxHeaderBytes);
        var pl = Path.Combine(dir, "limit.safetensors");
        File.WriteAllBytes(pl, limit);
        e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(pl));
        Assert.Equal($"safetensors file '{pl}': header length 100000000 runs past the end of the 20-byte file (truncated?).", e.Message);

        var missing = Path.Combine(dir, "missing.safetensors");
        var nf = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(missing));
        Assert.Equal($"safetensors: no file at '{missing}'.", nf.Message);
    }

    [Fact]
    public void The_writer_orders_tensors_by_name_pads_to_eight_bytes_and_omits_empty_metadata()
    {
        var path = Path.Combine(dir, "order.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["b"] = Tensor.FromArray([3f], 1), ["a"] = Tensor.FromArray([1f, 2f], 2), ["B"] = Tensor.FromArray([0f], 1),
        }, new Dictionary<string, string>());
        var bytes = File.ReadAllBytes(path);
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        string json = "{\"B\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"      // ordinal order: 'B' < 'a' < 'b'
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}";
        Assert.Equal(json.PadRight((json.Length + 7) / 8 * 8), header);   // the fewest spaces that reach a multiple of 8
        Assert.Equal(new[] { 0f, 1f, 2f, 3f }, Enumerable.Range(0, 4).Select(i => BitConverter.ToSingle(bytes, 8 + (int)n + 4 * i)));
        Assert.Equal(8 + n + 16, bytes.Length);

        var e = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones(1) }));
        Assert.Equal("safetensors: '__metadata__' is reserved and cannot name a tensor.", e.Message);
    }

    string Write(string name, byte[] header, int dataBytes)
    {
        var b = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)header.Length);
        header.CopyTo(b, 8);
        var path = Path.Combine(dir, name + ".safetensors");
        File.WriteAllBytes(path, b);
        return path;
    }
}
