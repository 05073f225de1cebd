namespace Workbench.Tokenization;

/// <summary>
/// Splits text into string tokens and joins tokens back into text. Ids are the vocabulary's job
/// (<see cref="Vocabulary"/>); a tokenizer only decides where the cuts go, so the same tokenizer can be
/// paired with vocabularies of different sizes.
/// </summary>
public interface ITokenizer
{
    /// <summary>The "type" field written to JSON: "char", "space", "word" or "bpe".</summary>
    string Type { get; }

    /// <summary>Cuts text into tokens.</summary>
    IReadOnlyList<string> Tokenize(string text);

    /// <summary>Joins tokens back into text (the inverse of <see cref="Tokenize"/>; see each tokenizer for
    /// exactly what is restored).</summary>
    string Detokenize(IEnumerable<string> tokens);
}
