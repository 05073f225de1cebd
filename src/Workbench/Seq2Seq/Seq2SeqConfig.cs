using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Recurrent;

namespace Workbench.Seq2Seq;

/// <summary>
/// Hyper-parameters of an encoder-decoder; stored in checkpoints as JSON. Encoder and decoder share the cell
/// kind, hidden size and depth (the encoder's final states initialise the decoder layer by layer).
/// </summary>
/// <param name="Bidirectional">Bidirectional encoder; its final states pass through a <see cref="Bridge"/>.</param>
/// <param name="AttentionSize">Hidden size of additive attention (0: the hidden size).</param>
/// <param name="InputFeeding">Luong's input feeding: the previous attentional vector h̃ joins the decoder input.</param>
/// <param name="ReverseSource">Read each source backwards (Sutskever et al., 2014).</param>
/// <param name="PadId">Padding id of both vocabularies: its embedding rows stay zero and the loss ignores it.</param>
/// <param name="BosId">Start token fed to the decoder first.</param>
/// <param name="EosId">End token the decoder learns to produce last.</param>
/// <remarks>The id defaults are <see cref="Tokenization.Vocabulary"/>'s (&lt;pad&gt; 0, &lt;unk&gt; 1, &lt;bos&gt; 2,
/// &lt;eos&gt; 3), so a model built over the library's vocabularies needs no ids spelled out.</remarks>
public sealed record Seq2SeqConfig(CellKind Cell, int SourceVocabSize, int TargetVocabSize, int EmbeddingDim = 32,
    int HiddenSize = 64, int NumLayers = 1, bool Bidirectional = false, AttentionKind Attention = AttentionKind.None,
    int AttentionSize = 0, bool InputFeeding = false, bool ReverseSource = false, float Dropout = 0f,
    int PadId = 0, int BosId = 2, int EosId = 3)
{
    static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Seq2SeqConfig FromJson(string json) =>
        JsonSerializer.Deserialize<Seq2SeqConfig>(json, Json) ?? throw new FormatException("seq2seq config: empty JSON.");

    /// <summary>The encoder's part: source vocabulary, reading direction(s) and order.</summary>
    public EncoderConfig ForEncoder() => new(Cell, SourceVocabSize, EmbeddingDim, HiddenSize, NumLayers, Bidirectional,
        ReverseSource, Dropout, PadId);

    /// <summary>The decoder's part: target vocabulary and attention over the encoder's activations.</summary>
    public DecoderConfig ForDecoder() => new(Cell, TargetVocabSize, EmbeddingDim, HiddenSize, ForEncoder().OutputSize,
        NumLayers, Attention, AttentionSize, InputFeeding, Dropout, PadId);

    public void Validate()
    {
        if (SourceVocabSize < 2 || TargetVocabSize < 3)
            throw new ArgumentOutOfRangeException(nameof(SourceVocabSize), $"seq2seq: vocabulary sizes {SourceVocabSize} (source) and {TargetVocabSize} (target) are too small.");
        foreach (var (name, id) in new[] { ("pad", PadId), ("bos", BosId), ("eos", EosId) })
            if (id < 0 || id >= TargetVocabSize)
                throw new ArgumentOutOfRangeException(name, id, $"seq2seq: {name} id {id} is outside the target vocabulary 0..{TargetVocabSize - 1}.");
        if (PadId >= SourceVocabSize)
            throw new ArgumentOutOfRangeException(nameof(PadId), PadId, $"seq2seq: pad id {PadId} is outside the source vocabulary 0..{SourceVocabSize - 1}.");
        if (PadId == BosId || PadId == EosId)
            throw new ArgumentException($"seq2seq: the pad id ({PadId}) must differ from bos ({BosId}) and eos ({EosId}); the loss ignores padding.");
        if (AttentionSize < 0) throw new ArgumentOutOfRangeException(nameof(AttentionSize), AttentionSize, "seq2seq: attention size must be >= 0.");
    }
}
