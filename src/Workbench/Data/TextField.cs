using Workbench.Text;

namespace Workbench.Data;

/// <summary>A tokenizer and the vocabulary built with it: everything needed to turn text into ids and back
/// (torchtext's Field). Save both next to a checkpoint; <see cref="Vocabulary.Fingerprint"/> guards the pairing.</summary>
public sealed record TextField(ITokenizer Tokenizer, Vocabulary Vocab)
{
    public int[] Encode(string text, bool addBos = false, bool addEos = false) =>
        Vocab.Encode(Tokenizer.Tokenize(text), addBos, addEos);

    /// <summary>Ids back to text: stops at &lt;eos&gt;, drops &lt;pad&gt; and &lt;bos&gt;, keeps &lt;unk&gt; as the text "&lt;unk&gt;".</summary>
    public string Decode(IEnumerable<int> ids) => Tokenizer.Detokenize(Vocab.Decode(ids, skipSpecials: true, stopAtEos: true));

    /// <summary>Saves tokenizer and vocabulary as two JSON files, {prefix}.tokenizer.json and {prefix}.vocab.json.</summary>
    public void Save(string pathPrefix)
    {
        TokenizerJson.Save(Tokenizer, pathPrefix + ".tokenizer.json");
        Vocab.Save(pathPrefix + ".vocab.json");
    }

    public static TextField Load(string pathPrefix) =>
        new(TokenizerJson.Load(pathPrefix + ".tokenizer.json"), Vocabulary.Load(pathPrefix + ".vocab.json"));
}
