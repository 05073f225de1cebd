using static TorchSharp.torch;

namespace Workbench.TorchSharp;

/// <summary>The workbench's <c>using (model.EvalMode())</c> for torch modules.</summary>
public static class ModuleModes
{
    /// <summary>Switches to eval mode until the returned scope is disposed, then restores the previous mode.</summary>
    public static IDisposable EvalMode(this nn.Module module)
    {
        bool was = module.training;
        module.eval();
        return new ModeScope(module, was);
    }

    sealed class ModeScope(nn.Module module, bool training) : IDisposable
    {
        public void Dispose() => module.train(training);
    }
}
