using System.Text;
using Workbench.Autograd;
using Workbench.Notebook;
using Workbench.Tensors;

namespace Workbench.NN;

/// <summary>
/// Base of every layer and model (torch.nn.Module): named parameters and sub-modules, train/eval mode,
/// and a state dict whose keys are PyTorch's ("encoder.weight_ih_l0", "fc.bias"), so weights move between
/// this library and PyTorch/TorchSharp unchanged.
/// </summary>
[TypeFormatterSource(typeof(PlainTextFormatterSource<Module>), PreferredMimeTypes = ["text/plain"])] // notebooks show the repr
public abstract class Module
{
    readonly List<(string Name, Tensor Value)> parameters = [];
    readonly List<(string Name, Module Value)> children = [];

    /// <summary>True in training mode (dropout active), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a learnable tensor under <paramref name="name"/> and marks it RequiresGrad.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        if (parameters.Any(p => p.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name}: a parameter or module named '{name}' is already registered.");
        value.RequiresGrad = true;
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a sub-module; its parameters appear as "name.param".</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        if (parameters.Any(p => p.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name}: a parameter or module named '{name}' is already registered.");
        children.Add((name, module));
        return module;
    }

    /// <summary>Every parameter with its dotted state-dict name, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (n, p) in parameters) yield return (n, p);
        foreach (var (cn, c) in children)
            foreach (var (n, p) in c.NamedParameters()) yield return ($"{cn}.{n}", p);
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>Number of learnable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Name to tensor (the live parameters, not copies), in registration order.</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

    /// <summary>Copies values into this module's parameters. With <paramref name="strict"/>, missing and
    /// unexpected keys are errors; a shape mismatch always is.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        if (strict)
        {
            var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"load_state_dict ({GetType().Name}): missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}].");
        }
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var v)) continue;
            if (!v.ShapeSpan.SequenceEqual(p.ShapeSpan))
                throw new ArgumentException($"load_state_dict ({GetType().Name}): '{name}' has shape {ShapeUtil.Format(v.ShapeSpan)} in the state dict but {ShapeUtil.Format(p.ShapeSpan)} in the model.");
            v.Values.CopyTo(p.AsSpan());
        }
    }

    /// <summary>Sets training mode here and in every sub-module; returns this.</summary>
    public Module Train(bool on = true)
    {
        Training = on;
        foreach (var (_, c) in children) c.Train(on);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Switches to eval mode until the returned scope is disposed, then restores the previous mode:
    /// <c>using (model.EvalMode()) { ... }</c> for scoring or sampling in the middle of training.</summary>
    public IDisposable EvalMode()
    {
        bool was = Training;
        Eval();
        return new ModeScope(this, was);
    }

    sealed class ModeScope(Module module, bool training) : IDisposable
    {
        public void Dispose() => module.Train(training);
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>One line describing this module's own configuration, e.g. "in_features=4, out_features=2".</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>A PyTorch-style tree of modules.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb, "");
        return sb.ToString().TrimEnd();
    }

    void Print(StringBuilder sb, string indent)
    {
        sb.Append(GetType().Name).Append('(').Append(ExtraRepr());
        if (children.Count > 0)
        {
            sb.Append('\n');
            foreach (var (n, c) in children)
            {
                sb.Append(indent).Append("  (").Append(n).Append("): ");
                c.Print(sb, indent + "  ");
                sb.Append('\n');
            }
            sb.Append(indent);
        }
        sb.Append(')');
    }
}
