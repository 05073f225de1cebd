using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.IO;
using Workbench.Tensors;

namespace Workbench.Tokenization;

/// <summary>What <see cref="Vocabulary.Encode"/> does with a token that is not in the vocabulary.</summary>
public enum UnknownTokens
{
    /// <summary>Map it to &lt;unk&gt; (the default, and the only rule used by the dataset loaders).</summary>
    MapToUnk,
    /// <summary>Throw a <see cref="KeyNotFoundException"/> naming the token and its position.</summary>
    Throw,
}

/// <summary>
/// Token ↔ id map (torchtext's Vocab). Ids 0..3 are always &lt;pad&gt;, &lt;unk&gt;, &lt;bos&gt;, &lt;eos&gt;
/// (so padding is id 0), then any extra specials, then the corpus tokens by descending frequency, ties in
/// ordinal order. <see cref="Fingerprint"/> is SHA-256 over the ordered token list: a checkpoint stores it and
/// refuses a vocabulary with a different one (<see cref="EnsureFingerprint"/>).
/// </summary>
public sealed class Vocabulary
{
    public const string Pad = "<pad>", Unk = "<unk>", Bos = "<bos>", Eos = "<eos>";
    public static readonly IReadOnlyList<string> DefaultSpecials = [Pad, Unk, Bos, Eos];

    readonly List<string> itos;
    readonly Dictionary<string, int> stoi;

    /// <summary>Builds from an ordered token list, which must start with the four default specials.</summary>
    public Vocabulary(IEnumerable<string> tokens, int specialCount = 4)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        itos = tokens.ToList();
        for (int i = 0; i < DefaultSpecials.Count; i++)
            if (itos.Count <= i || itos[i] != DefaultSpecials[i])
                throw new ArgumentException($"Vocabulary must start with {string.Join(", ", DefaultSpecials)}; token {i} is '{(i < itos.Count ? itos[i] : "(missing)")}'.");
        if (specialCount < DefaultSpecials.Count || specialCount > itos.Count)
            throw new ArgumentOutOfRangeException(nameof(specialCount), specialCount, $"specialCount must be in [4, {itos.Count}].");
        SpecialCount = specialCount;
        stoi = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < itos.Count; i++)
            if (!stoi.TryAdd(itos[i], i))
                throw new ArgumentException($"Token '{itos[i]}' appears twice in the vocabulary (ids {stoi[itos[i]]} and {i}).");
        Fingerprint = ComputeFingerprint(itos);
    }

    /// <summary>
    /// Counts tokens over tokenized sequences and keeps those seen at least <paramref name="minFrequency"/> times,
    /// most frequent first, at most <paramref name="maxSize"/> entries in total (specials included).
    /// </summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> sequences, int minFrequency = 1, int? maxSize = null,
        IEnumerable<string>? extraSpecials = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (minFrequency < 1) throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, "minFrequency must be >= 1.");
        var specials = DefaultSpecials.Concat(extraSpecials ?? []).Distinct().ToList();
        if (maxSize is int m && m < specials.Count)
            throw new ArgumentOutOfRangeException(nameof(maxSize), m, $"maxSize must leave room for the {specials.Count} special tokens.");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var seq in sequences)
            foreach (var t in seq)
                counts[t] = counts.GetValueOrDefault(t) + 1;
        var special = specials.ToHashSet(StringComparer.Ordinal);
        var kept = counts.Where(kv => kv.Value >= minFrequency && !special.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        if (maxSize is int max) kept = kept.Take(max - specials.Count);
        return new Vocabulary(specials.Concat(kept), specials.Count);
    }

    /// <summary>A vocabulary holding exactly the given tokens after the specials (e.g. a BPE tokenizer's symbols).</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens, IEnumerable<string>? extraSpecials = null)
    {
        var specials = DefaultSpecials.Concat(extraSpecials ?? []).Distinct().ToList();
        var set = specials.ToHashSet(StringComparer.Ordinal);
        return new Vocabulary(specials.Concat(tokens.Where(t => set.Add(t))), specials.Count);
    }

    public int Count => itos.Count;
    public int SpecialCount { get; }
    public int PadId => 0;
    public int UnkId => 1;
    public int BosId => 2;
    public int EosId => 3;

    /// <summary>SHA-256 (lowercase hex) over the ordered tokens, each as a 4-byte little-endian UTF-16 length and its UTF-16 units.</summary>
    public string Fingerprint { get; }

    /// <summary>Index to token (torchtext get_itos).</summary>
    public IReadOnlyList<string> Tokens => itos;

    /// <summary>Token to index (torchtext get_stoi).</summary>
    public IReadOnlyDictionary<string, int> Stoi => stoi;

    /// <summary>The id of a token, or &lt;unk&gt;'s id if absent.</summary>
    public int this[string token] => stoi.TryGetValue(token, out int id) ? id : UnkId;

    public bool Contains(string token) => stoi.ContainsKey(token);

    public string TokenOf(int id) =>
        (uint)id < (uint)itos.Count ? itos[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id out of range [0, {itos.Count}).");

    public bool IsSpecial(int id) => id >= 0 && id < SpecialCount;

    /// <summary>Tokens to ids, optionally wrapped in &lt;bos&gt; … &lt;eos&gt;. Unknown tokens follow <paramref name="unknown"/>.</summary>
    public int[] Encode(IEnumerable<string> tokens, bool addBos = false, bool addEos = false, UnknownTokens unknown = UnknownTokens.MapToUnk)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new List<int>();
        if (addBos) ids.Add(BosId);
        int position = 0;
        foreach (var t in tokens)
        {
            if (stoi.TryGetValue(t, out int id)) ids.Add(id);
            else if (unknown == UnknownTokens.Throw)
                throw new KeyNotFoundException($"Token '{t}' (U+{string.Join(" U+", t.Select(c => ((int)c).ToString("X4")))}) at position {position} is not in the vocabulary ({Count} tokens, fingerprint {Fingerprint[..12]}).");
            else ids.Add(UnkId);
            position++;
        }
        if (addEos) ids.Add(EosId);
        return ids.ToArray();
    }

    /// <summary>Ids to tokens. With <paramref name="skipSpecials"/>, &lt;pad&gt;, &lt;bos&gt; and &lt;eos&gt; are left out
    /// (&lt;unk&gt; and extra specials such as case markers stay: they carry content); with
    /// <paramref name="stopAtEos"/>, decoding stops at the first &lt;eos&gt;.</summary>
    public string[] Decode(IEnumerable<int> ids, bool skipSpecials = false, bool stopAtEos = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            if (stopAtEos && id == EosId) break;
            if (skipSpecials && (id == PadId || id == BosId || id == EosId)) continue;
            tokens.Add(TokenOf(id));
        }
        return tokens.ToArray();
    }

    /// <summary>One-hot rows: a [n, Count] float tensor with a 1 at each id.</summary>
    public Tensor OneHot(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var data = new float[ids.Count * Count];
        for (int i = 0; i < ids.Count; i++) data[i * Count + CheckId(ids[i], i)] = 1f;
        return Tensor.FromArray(data, ids.Count, Count);
    }

    int CheckId(int id, int position) => (uint)id < (uint)itos.Count ? id
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Id {id} at position {position} is outside the vocabulary [0, {Count}).");

    /// <summary>Throws if this vocabulary is not the one a checkpoint was trained with.</summary>
    public void EnsureFingerprint(string expected, string what = "checkpoint")
    {
        if (!string.Equals(expected, Fingerprint, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Vocabulary mismatch: the {what} was trained with vocabulary {expected[..Math.Min(12, expected.Length)]}…, " +
                $"but this vocabulary is {Fingerprint[..12]}… ({Count} tokens). Load the vocabulary saved with the {what}.");
    }

    static string ComputeFingerprint(IReadOnlyList<string> tokens)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> len = stackalloc byte[4];
        foreach (var t in tokens)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(len, t.Length);
            sha.AppendData(len);
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public JsonObject ToJson() => new()
    {
        ["format"] = "workbench-vocabulary",
        ["version"] = 1,
        ["specialCount"] = SpecialCount,
        ["fingerprint"] = Fingerprint,
        ["tokens"] = new JsonArray(itos.Select(t => (JsonNode?)JsonText.Write(t)).ToArray()),
    };

    public static Vocabulary FromJson(JsonNode? node, string source = "vocabulary JSON")
    {
        if (node is not JsonObject o || o["format"]?.GetValue<string>() != "workbench-vocabulary")
            throw new InvalidDataException($"{source}: not a workbench vocabulary (missing \"format\": \"workbench-vocabulary\").");
        var tokens = (o["tokens"] as JsonArray ?? throw new InvalidDataException($"{source}: missing \"tokens\" array."))
            .Select((t, i) => JsonText.Read(t, $"{source}: token {i}")).ToList();
        Vocabulary v;
        try { v = new Vocabulary(tokens, o["specialCount"]?.GetValue<int>() ?? 4); }
        catch (ArgumentException e) { throw new InvalidDataException($"{source}: {e.Message}", e); }
        if (o["fingerprint"]?.GetValue<string>() is string fp && fp != v.Fingerprint)
            throw new InvalidDataException($"{source}: stored fingerprint {fp} does not match its tokens ({v.Fingerprint}); the file was edited or damaged.");
        return v;
    }

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    public static Vocabulary Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Vocabulary file not found: {path}", path);
        try { return FromJson(JsonNode.Parse(File.ReadAllText(path)), path); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e); }
    }

    public override string ToString() => $"Vocabulary({Count} tokens, fingerprint {Fingerprint[..12]})";
}
