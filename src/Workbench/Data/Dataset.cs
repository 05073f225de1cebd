namespace Workbench.Data;

/// <summary>What every loaded dataset has: a name (as passed to <see cref="Datasets.Load"/>) and a one-line description.</summary>
public abstract class Dataset(string name, string description)
{
    public string Name { get; } = name;
    public string Description { get; } = description;

    protected static T Pick<T>(string split, T train, T valid, T test) => split switch
    {
        "train" => train,
        "valid" or "validation" => valid,
        "test" => test,
        _ => throw new ArgumentException($"Unknown split '{split}'; use \"train\", \"valid\" or \"test\".", nameof(split)),
    };
}
