using static TorchSharp.torch;

namespace Workbench.TorchSharp;

/// <summary>The <c>device</c> option of every model here: "cpu", "cuda" or "cuda:N", as in PyTorch.</summary>
public static class TorchDevice
{
    /// <summary>The torch device named <paramref name="name"/>; a CUDA device where TorchSharp sees no GPU (as with the
    /// TorchSharp-cpu package this project uses, or on a machine without one) is refused with a clear error.</summary>
    public static Device Parse(string name)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string kind = name.Split(':')[0].Trim().ToLowerInvariant();
        if (kind == "cpu") return name.Trim().ToLowerInvariant() == "cpu" ? CPU : throw Bad(name, "the CPU device takes no index; use \"cpu\"");
        if (kind != "cuda") throw Bad(name, "the workbench's models run on \"cpu\" or \"cuda\" (\"cuda:N\" for the N-th GPU)");
        if (!cuda.is_available())
            throw new InvalidOperationException(
                $"device '{name}': no CUDA GPU is available to TorchSharp here (torch.cuda.is_available() is false). This build uses the " +
                "TorchSharp-cpu package (libtorch for the CPU); for a GPU, reference TorchSharp-cuda-linux (or -windows) instead, on a machine " +
                "with an NVIDIA GPU and driver. Use device \"cpu\" otherwise.");
        Device device;
        try { device = new Device(name.Trim()); }
        catch (Exception e) when (e is ArgumentException or FormatException) { throw Bad(name, e.Message); }
        int count = cuda.device_count();
        if (device.index >= count) throw Bad(name, $"this machine has {count} CUDA device(s), cuda:0..cuda:{count - 1}");
        return device;
    }

    static ArgumentException Bad(string name, string why) => new($"device '{name}': {why}.", nameof(name));
}
