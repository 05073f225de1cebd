using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Tokenization;

namespace Workbench.Data;

/// <summary>A tokenizer and the vocabulary built with it: everything needed to turn text into ids and back
/// (torchtext's Field). Save both with a checkpoint (<see cref="ToMetadata"/>); <see cref="Vocabulary.Fingerprint"/>
/// guards the pairing.</summary>
public sealed record TextField(ITokenizer Tokenizer, Vocabulary Vocab)
{
    public int[] Encode(string text, bool addBos = false, bool addEos = false) =>
        Vocab.Encode(Tokenizer.Tokenize(text), addBos, addEos);

    /// <summary>Ids back to text: stops at the first &lt;eos&gt; (or, with stopAtEos false, drops every &lt;eos&gt;),
    /// drops &lt;pad&gt; and &lt;bos&gt;, keeps &lt;unk&gt; as the text "&lt;unk&gt;".</summary>
    public string Decode(IEnumerable<int> ids, bool stopAtEos = true) => Tokenizer.Detokenize(Vocab.Decode(ids, skipSpecials: true, stopAtEos: stopAtEos));

    /// <summary>Saves tokenizer and vocabulary as two JSON files, {prefix}.tokenizer.json and {prefix}.vocab.json.</summary>
    public void Save(string pathPrefix)
    {
        TokenizerJson.Save(Tokenizer, pathPrefix + ".tokenizer.json");
        Vocab.Save(pathPrefix + ".vocab.json");
    }

    public static TextField Load(string pathPrefix) =>
        new(TokenizerJson.Load(pathPrefix + ".tokenizer.json"), Vocabulary.Load(pathPrefix + ".vocab.json"));

    /// <summary>
    /// Checkpoint metadata entries: "{prefix}tokenizer" and "{prefix}vocabulary" (JSON) and
    /// "{prefix}vocabulary_fingerprint" (<see cref="Checkpoint.FingerprintKey"/>). Use a prefix such as "target/"
    /// for a second field of a seq2seq model.
    /// </summary>
    public Dictionary<string, string> ToMetadata(string prefix = "") => new()
    {
        [prefix + "tokenizer"] = TokenizerJson.ToJson(Tokenizer).ToJsonString(),
        [prefix + "vocabulary"] = Vocab.ToJson().ToJsonString(),
        [prefix + Checkpoint.FingerprintKey] = Vocab.Fingerprint,
    };

    /// <summary>Rebuilds the field stored by <see cref="ToMetadata"/>, checking the stored fingerprint.</summary>
    public static TextField FromMetadata(IReadOnlyDictionary<string, string> metadata, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string Get(string key) => metadata.TryGetValue(prefix + key, out var v) ? v
            : throw new InvalidDataException($"Checkpoint metadata has no '{prefix + key}' entry; it was saved without its text field.");
        var field = new TextField(TokenizerJson.FromJson(JsonNode.Parse(Get("tokenizer")), prefix + "tokenizer"),
            Vocabulary.FromJson(JsonNode.Parse(Get("vocabulary")), prefix + "vocabulary"));
        field.Vocab.EnsureFingerprint(Get(Checkpoint.FingerprintKey));
        return field;
    }
}
