namespace Workbench.Data;

/// <summary>The unit a text dataset is cut into.</summary>
public enum TokenLevel
{
    /// <summary>Unicode code points (<see cref="Workbench.Tokenization.CharTokenizer"/>).</summary>
    Char,
    /// <summary>Words and punctuation with case markers (<see cref="Workbench.Tokenization.WordTokenizer"/>).</summary>
    Word,
    /// <summary>Subwords learned on the training split (<see cref="Workbench.Tokenization.BpeTokenizer"/>).</summary>
    Bpe,
}
