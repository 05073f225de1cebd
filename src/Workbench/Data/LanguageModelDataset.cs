namespace Workbench.Data;

/// <summary>A language-modelling corpus: one id stream per split, the field that made them, and the token that
/// separates the pieces of text in the streams (<see cref="Boundary"/>).</summary>
public sealed class LanguageModelDataset : Dataset
{
    /// <param name="boundary">The token each piece of text ends with in the streams; null: <see cref="BoundaryOf"/>.</param>
    public LanguageModelDataset(string name, string description, TextField field, int[] train, int[] valid, int[] test, int? boundary = null)
        : base(name, description)
    {
        (Field, Train, Valid, Test) = (field, train, valid, test);
        Boundary = boundary ?? BoundaryOf(field);
        if (Boundary < 0 || Boundary >= field.Vocab.Count)
            throw new ArgumentOutOfRangeException(nameof(boundary), Boundary, $"{name}: the boundary token id must be in the vocabulary [0, {field.Vocab.Count}).");
    }

    public TextField Field { get; }
    public int[] Train { get; }
    public int[] Valid { get; }
    public int[] Test { get; }

    /// <summary>
    /// The token that ends every piece of text in the streams (a paragraph's &lt;eos&gt; at word level, a line's "\n"
    /// when the text is read verbatim), so also the token in front of every piece: a model trained on the stream has
    /// only ever begun a text right after it. Scoring (<see cref="LanguageModels.SentenceScorer"/>) and sampling start
    /// from it. &lt;bos&gt; never occurs in a stream, so a model fed &lt;bos&gt; reads an embedding training never moved.
    /// </summary>
    public int Boundary { get; }

    /// <summary>The boundary a stream built with <paramref name="field"/> uses: the line end when the vocabulary has
    /// one (text read verbatim at character or BPE level), otherwise &lt;eos&gt;.</summary>
    public static int BoundaryOf(TextField field) => field.Vocab.Contains("\n") ? field.Vocab["\n"] : field.Vocab.EosId;

    /// <summary>The split's stream laid out for truncated BPTT ("train", "valid" or "test").</summary>
    public LanguageModelStream Stream(string split, int batchSize, int bptt) => new(Pick(split, Train, Valid, Test), batchSize, bptt);

    public override string ToString() =>
        $"{Name}: {Description}\n  tokens: train {Train.Length:N0}, valid {Valid.Length:N0}, test {Test.Length:N0}; vocabulary {Field.Vocab.Count:N0} ({Field.Tokenizer.Type})";
}
