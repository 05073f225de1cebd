using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.IO;

namespace Workbench.Tokenization;

/// <summary>
/// Saves and loads tokenizers as JSON with a "type" field ("char", "space", "word", "bpe"), so a tokenizer travels
/// with the model trained on it. Files are written atomically.
/// </summary>
public static class TokenizerJson
{
    public static JsonObject ToJson(ITokenizer tokenizer) => tokenizer switch
    {
        CharTokenizer => new JsonObject { ["type"] = "char" },
        WhitespaceTokenizer => new JsonObject { ["type"] = "space" },
        WordTokenizer w => new JsonObject { ["type"] = "word", ["lowercase"] = w.Lowercase, ["keepWhitespace"] = w.KeepWhitespace },
        BpeTokenizer b => new JsonObject
        {
            ["type"] = "bpe",
            ["alphabet"] = new JsonArray(b.Alphabet.Select(a => (JsonNode?)JsonText.Write(a)).ToArray()),
            ["merges"] = new JsonArray(b.Merges.Select(m => (JsonNode?)new JsonArray(JsonText.Write(m.Left), JsonText.Write(m.Right))).ToArray()),
        },
        null => throw new ArgumentNullException(nameof(tokenizer)),
        _ => throw new NotSupportedException($"Cannot serialise tokenizer of type {tokenizer.GetType().Name}."),
    };

    public static ITokenizer FromJson(JsonNode? node, string source = "tokenizer JSON")
    {
        if (node is not JsonObject o) throw new InvalidDataException($"{source}: expected a JSON object.");
        string type = o["type"]?.GetValue<string>() ?? throw new InvalidDataException($"{source}: missing \"type\" field.");
        try
        {
            return type switch
            {
                "char" => new CharTokenizer(),
                "space" => new WhitespaceTokenizer(),
                "word" => new WordTokenizer(o["lowercase"]?.GetValue<bool>() ?? true, o["keepWhitespace"]?.GetValue<bool>() ?? false),
                "bpe" => new BpeTokenizer(
                    (o["alphabet"] as JsonArray ?? throw new InvalidDataException($"{source}: bpe tokenizer lacks \"alphabet\"."))
                        .Select((a, i) => JsonText.Read(a, $"{source}: alphabet entry {i}")),
                    (o["merges"] as JsonArray ?? throw new InvalidDataException($"{source}: bpe tokenizer lacks \"merges\"."))
                        .Select((m, i) => m is JsonArray { Count: 2 } pair
                            ? (JsonText.Read(pair[0], $"{source}: merge #{i}"), JsonText.Read(pair[1], $"{source}: merge #{i}"))
                            : throw new InvalidDataException($"{source}: merge #{i} is not a [left, right] pair."))),
                _ => throw new InvalidDataException($"{source}: unknown tokenizer type \"{type}\" (known: char, space, word, bpe)."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: malformed {type} tokenizer: {e.Message}", e);
        }
    }

    public static void Save(ITokenizer tokenizer, string path) =>
        AtomicFile.WriteAllText(path, ToJson(tokenizer).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static ITokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e); }
        return FromJson(node, path);
    }
}
