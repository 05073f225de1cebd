namespace Workbench.Tests.Runner;

/// <summary>Runner tests change the process's current directory and console while a notebook runs, so they
/// run on their own, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunnerCollection
{
    public const string Name = "Runner (serial)";
}
