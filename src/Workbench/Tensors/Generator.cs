namespace Workbench.Tensors;

/// <summary>
/// The one seeded random source (xoshiro256** seeded through SplitMix64). Every random choice in the
/// library (initialisation, dropout masks, shuffling, sampling) draws from a Generator, always on the
/// calling thread, so the same seed gives bit-identical numbers on every run whatever the thread count.
/// Mirrors torch.Generator / torch.manual_seed.
/// </summary>
public sealed class Generator
{
    ulong s0, s1, s2, s3;
    double? spareNormal;

    public Generator(long seed) => Reseed(seed);

    /// <summary>The seed this generator was last (re)seeded with.</summary>
    public long InitialSeed { get; private set; }

    /// <summary>The process-wide default generator, like torch's default CPU generator.</summary>
    public static Generator Default { get; private set; } = new(0);

    /// <summary>Reseeds the default generator (torch.manual_seed) and returns it.</summary>
    public static Generator ManualSeed(long seed) { Default.Reseed(seed); return Default; }

    public void Reseed(long seed)
    {
        InitialSeed = seed;
        ulong x = unchecked((ulong)seed);
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
        spareNormal = null;
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, n), without modulo bias.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "NextInt needs n > 0.");
        ulong bound = (ulong)n, threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Standard normal sample (Box-Muller; the spare value is kept for the next call).</summary>
    public double NextNormal()
    {
        if (spareNormal is double s) { spareNormal = null; return s; }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)), theta = 2.0 * Math.PI * u2;
        spareNormal = r * Math.Sin(theta);
        return r * Math.Cos(theta);
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1 (torch.randperm).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle(p);
        return p;
    }

    /// <summary>An independent generator derived from this one's stream (for a sub-task that must not
    /// shift the parent's sequence when its own use changes).</summary>
    public Generator Fork() => new(unchecked((long)NextUInt64()));

    /// <summary>Full internal state, for checkpoints that resume bit-identically.</summary>
    public ulong[] GetState() => [s0, s1, s2, s3, spareNormal is double d ? 1UL : 0UL,
        spareNormal is double d2 ? BitConverter.DoubleToUInt64Bits(d2) : 0UL, unchecked((ulong)InitialSeed)];

    public void SetState(ulong[] state)
    {
        if (state is null || state.Length != 7)
            throw new ArgumentException($"Generator state must have 7 words, got {state?.Length ?? 0}.", nameof(state));
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
        spareNormal = state[4] != 0 ? BitConverter.UInt64BitsToDouble(state[5]) : null;
        InitialSeed = unchecked((long)state[6]);
    }
}
