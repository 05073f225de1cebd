namespace Workbench.Data;

/// <summary>How <see cref="Datasets.FromText"/> reads a file.</summary>
public enum TextUnit
{
    /// <summary>One running text (a book, notes): cut at line ends into about 100 blocks that the seed deals into
    /// train, valid and test. Character and BPE levels keep it verbatim, line ends included; word level ends each
    /// paragraph (lines up to a blank line) with &lt;eos&gt; and treats its line breaks as spaces, as
    /// <see cref="Datasets.MobyDick"/> does.</summary>
    Document,
    /// <summary>One example per non-blank line (names, sentences, commands): the seed deals the lines into train,
    /// valid and test, and every line ends with &lt;eos&gt;, so the model learns where an example stops.</summary>
    Line,
}
