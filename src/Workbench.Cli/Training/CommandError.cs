namespace Workbench.Cli.Training;

/// <summary>Bad input to train, sample or score (a setting, a file, a checkpoint that does not fit): the command
/// prints the message and exits with code 2, having written nothing.</summary>
public sealed class CommandError(string message) : Exception(message);
