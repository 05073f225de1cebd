namespace Workbench.Data;

/// <summary>
/// One encoded example: a source id sequence, and optionally a target id sequence (seq2seq, tagging) and/or a
/// class label (classification; -1 when there is none). <see cref="Text"/> and <see cref="TargetText"/> keep the
/// raw strings for display.
/// </summary>
public sealed record SequenceExample(int[] Source, int[]? Target = null, int Label = -1, string? Text = null, string? TargetText = null);
