namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>Engine-against-engine comparison: a tensor agrees when max |a - b| / max |b| is within the tolerance
/// (relative to the tensor's scale, so an element that is 0 in one engine and 1e-12 in the other is not infinitely
/// wrong). The parity tests use 1e-5.</summary>
static class Close
{
    public const double Tolerance = 1e-5;

    public static double RelativeError(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    public static void Check(float[] actual, float[] expected, string what, double tolerance = Tolerance)
    {
        Assert.True(expected.Length > 0, $"{what}: nothing to compare");
        double err = RelativeError(actual, expected);
        Assert.True(err <= tolerance, $"{what}: relative error {err:E2} exceeds {tolerance:E0}");
    }
}
