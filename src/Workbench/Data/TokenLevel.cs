namespace Workbench.Data;

/// <summary>The unit a text dataset is cut into.</summary>
public enum TokenLevel
{
    /// <summary>Unicode code points (<see cref="Workbench.Text.CharTokenizer"/>).</summary>
    Char,
    /// <summary>Words and punctuation with case markers (<see cref="Workbench.Text.WordTokenizer"/>).</summary>
    Word,
    /// <summary>Subwords learned on the training split (<see cref="Workbench.Text.BpeTokenizer"/>).</summary>
    Bpe,
}
