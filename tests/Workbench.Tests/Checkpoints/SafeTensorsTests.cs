using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Workbench.Checkpoints;
using Workbench.Tensors;

namespace Workbench.Tests.Checkpoints;

public class SafeTensorsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-st-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    string P(string name) => Path.Combine(dir, name);

    static byte[] File(string headerJson, int dataBytes) => File(Encoding.UTF8.GetBytes(headerJson), dataBytes);

    [Fact]
    public void RoundTripsTensorsAndMetadata()
    {
        var t = new Dictionary<string, Tensor>
        {
            ["rnn.weight_ih_l0"] = Tensor.Randn([4, 3], new Generator(1)),
            ["bias"] = Tensor.FromArray([1f, -2f], 2),
            ["scalar"] = Tensor.Scalar(3.5f),
            ["empty"] = Tensor.Zeros(0, 4),
        };
        SafeTensors.Save(P("a.safetensors"), t, new Dictionary<string, string> { ["vocab"] = "{\"a\":1}" });
        var (back, meta) = SafeTensors.Load(P("a.safetensors"));
        Assert.Equal(t.Keys.Order(), back.Keys.Order());
        foreach (var (k, v) in t)
        {
            Assert.Equal(v.Shape, back[k].Shape);
            Assert.Equal(v.ToArray(), back[k].ToArray());
        }
        Assert.Equal("{\"a\":1}", meta["vocab"]);
        Assert.Equal(0, (new FileInfo(P("a.safetensors")).Length - 8 - BinaryPrimitives.ReadInt64LittleEndian(System.IO.File.ReadAllBytes(P("a.safetensors")))) % 4);
    }

    [Fact]
    public void MatchesTheSpecByteLayout()
    {
        // Worked by hand from the format description: header {"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}
        SafeTensors.Save(P("x.safetensors"), new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray([1f, 2f], 2) });
        var bytes = System.IO.File.ReadAllBytes(P("x.safetensors"));
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd();
        Assert.Equal("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + (int)n));
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 12 + (int)n));
    }

    public static IEnumerable<object[]> BadFiles => new[]
    {
        new object[] { "truncated-length", new byte[] { 1, 2, 3 }, "8-byte header length" },
        new object[] { "header-past-end", HeaderLen(1_000, 20), "past the end" },
        new object[] { "huge-header", HeaderLen(200_000_000, 20), "limit" },
        new object[] { "not-json", File("{nope", 0), "not valid JSON" },
        new object[] { "offsets-out-of-bounds", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "outside" },
        new object[] { "shape-disagrees", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes" },
        new object[] { "huge-shape", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,8]}}", 8), "2^31-1" },
        new object[] { "bad-dtype", File("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "F16" },
        new object[] { "negative-dim", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "invalid dimension" },
        new object[] { "overlap", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap" },
        new object[] { "gap", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "bytes 4..8 of the data section, between 'a' and tensor 'b', belong to no tensor" },
        new object[] { "gap-at-start", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "bytes 0..4" },
        new object[] { "trailing-bytes", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12), "has 12 bytes but the tensors cover only 4" },
        new object[] { "data-without-tensors", File("{}", 4), "has 4 bytes but the tensors cover only 0" },
        new object[] { "same-offsets", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "overlap" },
        new object[] { "duplicate-name", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "names \"a\" twice" },
        new object[] { "end-before-begin", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4), "outside" },
        new object[] { "bad-utf8-tensor-name", Utf8File("{\"w", [0xC3, 0x28], "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor name \"w\uFFFD(\" is not valid UTF-8 (byte 0xC3 at file offset 11)" },
        new object[] { "bad-utf8-metadata-key", Utf8File("{\"__metadata__\":{\"k", [0xFF], "\":\"v\"}}", 0), "metadata key \"k\uFFFD\" is not valid UTF-8 (byte 0xFF at file offset 27)" },
        new object[] { "bad-utf8-metadata-value", Utf8File("{\"__metadata__\":{\"config\":\"ab", [0xE2, 0x82], "\"}}", 0), "metadata value of \"config\" \"ab\uFFFD\" is not valid UTF-8 (byte 0xE2" },
        new object[] { "bad-utf8-dtype", Utf8File("{\"w\":{\"dtype\":\"F3", [0x80], "\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype of tensor \"w\" \"F3\uFFFD\" is not valid UTF-8 (byte 0x80" },
        new object[] { "overlong-utf8", Utf8File("{\"", [0xC0, 0xAF], "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor name" },
        new object[] { "lone-surrogate-escape", File("{\"__metadata__\":{\"k\":\"\\ud800\"}}", 0), "metadata value of \"k\"" },
        new object[] { "bad-utf8-outside-strings", Utf8File("{", [0xFF], "}", 0), "not valid JSON" },
    };

    static byte[] Utf8File(string before, byte[] raw, string after, int dataBytes) =>
        File([.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)], dataBytes);

    static byte[] File(byte[] h, int dataBytes)
    {
        var b = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)h.Length);
        h.CopyTo(b, 8);
        return b;
    }

    static byte[] HeaderLen(ulong claimed, int total)
    {
        var b = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(b, claimed);
        return b;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void RejectsMalformedFilesWithAClearMessage(string name, byte[] content, string expected)
    {
        var path = P(name + ".safetensors");
        System.IO.File.WriteAllBytes(path, content);
        var ex = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void AFailedSaveLeavesTheOldFileIntact()
    {
        var path = P("keep.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(3) });
        var before = System.IO.File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones(1) }));
        Assert.Equal(before, System.IO.File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));   // no temporary file left behind
    }

    [Fact]
    public void PyTorchReadsTheSameValues()
    {
        // Independent reader: the spec implemented in a few lines of Python with torch.frombuffer.
        var t = Tensor.Randn([3, 5], new Generator(4));
        var path = P("torch.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = t });
        var script = "import json,struct,sys,torch\n" +
                     "b=open(sys.argv[1],'rb').read(); n=struct.unpack('<Q',b[:8])[0]; h=json.loads(b[8:8+n])\n" +
                     "e=h['w']; s,t=e['data_offsets']; x=torch.frombuffer(bytearray(b[8+n+s:8+n+t]),dtype=torch.float32).reshape(e['shape'])\n" +
                     "print(' '.join(repr(float(v)) for v in x.flatten()))\n";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(script); psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"python3 with torch failed (is python3-torch installed? .ci/install.sh installs it): {stderr}");
        var values = stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(t.ToArray(), values);
    }
}
