using Workbench.Data;
using Workbench.Recurrent;
using Workbench.Seq2Seq;

namespace Workbench.Cli.Training;

/// <summary>The words a user writes for cell kinds, attention kinds, token levels and model families, and what they
/// mean. The first name of each entry is the one a checkpoint stores.</summary>
public static class SettingNames
{
    public static readonly IReadOnlyList<(string[] Names, CellKind Value)> Cells =
        [(["lstm"], CellKind.Lstm), (["gru"], CellKind.Gru), (["rnn", "rnn-tanh", "rnntanh"], CellKind.RnnTanh), (["rnn-relu", "rnnrelu"], CellKind.RnnRelu)];

    public static readonly IReadOnlyList<(string[] Names, AttentionKind Value)> Attentions =
        [(["none"], AttentionKind.None), (["additive", "bahdanau", "concat"], AttentionKind.Additive), (["dot"], AttentionKind.Dot), (["general"], AttentionKind.General)];

    public static readonly IReadOnlyList<(string[] Names, TokenLevel Value)> Levels =
        [(["char"], TokenLevel.Char), (["word"], TokenLevel.Word), (["bpe"], TokenLevel.Bpe)];

    /// <summary>Model families <c>workbench train</c> trains (names as <see cref="Workbench.Checkpoints.ModelFamily"/> stores them).</summary>
    public static readonly IReadOnlyList<(string[] Names, string Value)> Models =
        [(["language-model", "lm"], Checkpoints.ModelFamily.LanguageModel.Name), (["seq2seq"], Checkpoints.ModelFamily.Seq2Seq.Name)];

    /// <summary>The value named <paramref name="name"/> (case-insensitive), or an error naming the setting, where it came
    /// from and every accepted name.</summary>
    public static T Parse<T>(IReadOnlyList<(string[] Names, T Value)> table, string name, string what, string origin)
    {
        foreach (var (names, value) in table)
            if (names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase)) return value;
        throw new CommandError($"unknown {what} '{name}' ({origin}); known: {string.Join(", ", table.Select(t => string.Join(" / ", t.Names)))}.");
    }

    /// <summary>The stored (first) name of a value.</summary>
    public static string NameOf<T>(IReadOnlyList<(string[] Names, T Value)> table, T value) =>
        table.First(t => EqualityComparer<T>.Default.Equals(t.Value, value)).Names[0];
}
