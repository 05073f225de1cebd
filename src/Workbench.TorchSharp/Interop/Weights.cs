using static TorchSharp.torch;
using WbModule = Workbench.NN.Module;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Interop;

/// <summary>
/// Moves weights between the two engines by their PyTorch state-dict names ("rnn.weight_ih_l0", "fc.bias"): a model
/// here and its workbench twin have the same names and shapes, so a state dict or checkpoint moves unchanged either
/// way. Loading is strict: a missing, extra or wrongly shaped tensor is an error naming the tensor and the shapes.
/// </summary>
public static class Weights
{
    /// <summary>The state dict of a torch module as workbench tensors (copies, on the CPU).</summary>
    public static Dictionary<string, WbTensor> StateDict(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.ToWorkbench());

    /// <summary>Copies <paramref name="state"/> into the torch module's parameters (on whatever device they are).</summary>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, WbTensor> state)
    {
        var own = model.state_dict();
        Check(model.GetType().Name, own.ToDictionary(kv => kv.Key, kv => kv.Value.shape.Select(d => (int)d).ToArray()),
            state.ToDictionary(kv => kv.Key, kv => kv.Value.Shape));
        using var _ = no_grad();
        foreach (var (name, p) in own)
        {
            using var values = state[name].ToTorch(p.device);
            p.copy_(values);
        }
    }

    /// <summary>Workbench model to torch model.</summary>
    public static void Copy(WbModule source, nn.Module target) => Load(target, source.StateDict());

    /// <summary>Torch model to workbench model.</summary>
    public static void Copy(nn.Module source, WbModule target)
    {
        var state = StateDict(source);
        Check(target.GetType().Name, target.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape), state.ToDictionary(kv => kv.Key, kv => kv.Value.Shape));
        target.LoadStateDict(state, strict: true);
    }

    /// <summary>Throws unless <paramref name="given"/> has exactly the tensors of <paramref name="expected"/>, with the same shapes.</summary>
    internal static void Check(string model, IReadOnlyDictionary<string, int[]> expected, IReadOnlyDictionary<string, int[]> given)
    {
        var problems = new List<string>();
        foreach (var (name, shape) in expected)
            if (!given.TryGetValue(name, out var g)) problems.Add($"'{name}' {Format(shape)} is missing");
            else if (!g.SequenceEqual(shape)) problems.Add($"'{name}' is {Format(g)} in the state dict but {Format(shape)} in the model");
        foreach (var (name, shape) in given)
            if (!expected.ContainsKey(name)) problems.Add($"'{name}' {Format(shape)} is not a tensor of the model");
        if (problems.Count > 0)
            throw new ArgumentException($"state dict does not fit {model}: {string.Join("; ", problems)}.");
    }

    static string Format(int[] shape) => $"[{string.Join(", ", shape)}]";
}
