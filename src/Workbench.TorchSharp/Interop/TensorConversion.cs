using TorchSharp;
using static TorchSharp.torch;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Interop;

/// <summary>Copies float32 values between the workbench's tensors and torch tensors (row-major both, so the bytes
/// line up; shapes are kept).</summary>
public static class TensorConversion
{
    /// <summary>A torch float32 tensor with the values and shape of <paramref name="t"/>, on <paramref name="device"/> (CPU when null).</summary>
    public static Tensor ToTorch(this WbTensor t, Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        var result = tensor(t.ToArray(), t.Shape.Select(d => (long)d).ToArray(), ScalarType.Float32);
        return device is null || device.type == DeviceType.CPU ? result : result.to(device);
    }

    /// <summary>A workbench tensor with the values and shape of <paramref name="t"/> (copied to the CPU, converted to float32).</summary>
    public static WbTensor ToWorkbench(this Tensor t)
    {
        using var cpuFloat = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return WbTensor.FromArray(cpuFloat.data<float>().ToArray(), t.shape.Select(d => checked((int)d)).ToArray());
    }

    /// <summary>The values of <paramref name="t"/> as a flat float array (row-major), copied to the CPU.</summary>
    public static float[] ToFloatArray(this Tensor t)
    {
        using var cpuFloat = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return cpuFloat.data<float>().ToArray();
    }

    /// <summary>Token ids laid out [<paramref name="batch"/>, <paramref name="time"/>] as an int64 index tensor on <paramref name="device"/>.</summary>
    public static Tensor Ids(int[] ids, int batch, int time, Device device)
    {
        if (batch < 1 || time < 1 || ids.Length != (long)batch * time)
            throw new ArgumentException($"{ids.Length} token ids do not fill [batch {batch}, seq_len {time}] (both at least 1).", nameof(ids));
        return tensor(ids.Select(i => (long)i).ToArray(), [batch, time], ScalarType.Int64, device);
    }
}
