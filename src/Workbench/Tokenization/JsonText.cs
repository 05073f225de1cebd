using System.Text.Json.Nodes;

namespace Workbench.Tokenization;

/// <summary>
/// Writes tokens into JSON without loss. JSON text is UTF-8, which cannot hold an unpaired surrogate (System.Text.Json
/// would silently turn it into U+FFFD), so such a token is written as {"utf16": [code units]} instead of a string.
/// </summary>
internal static class JsonText
{
    public static JsonNode Write(string token) =>
        IsWellFormed(token) ? JsonValue.Create(token) : new JsonObject { ["utf16"] = new JsonArray(token.Select(c => (JsonNode?)(int)c).ToArray()) };

    public static string Read(JsonNode? node, string where) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject { } o when o["utf16"] is JsonArray units => new string(units.Select(u => (char)u!.GetValue<int>()).ToArray()),
        _ => throw new InvalidDataException($"{where}: expected a token string or {{\"utf16\": [...]}}, found {node?.ToJsonString() ?? "null"}."),
    };

    static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
