using System.Diagnostics;

namespace Workbench.Benchmarks;

/// <summary>Summary of repeated timings of one operation.</summary>
public readonly record struct Sample(double MinSeconds, double MedianSeconds)
{
    public static Sample Of(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0) throw new ArgumentException("no timings to summarise");
        var s = seconds.Order().ToArray();
        double median = s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
        return new Sample(s[0], median);
    }
}

/// <summary>Hand-rolled timer: every sample runs the action a fixed number of times back to back.</summary>
public static class Timing
{
    /// <summary>Seconds per call for each of <paramref name="samples"/> batches of <paramref name="callsPerSample"/> calls.</summary>
    public static List<double> Measure(Action action, int samples, int callsPerSample)
    {
        var times = new List<double>(samples);
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < callsPerSample; i++) action();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / callsPerSample);
        }
        return times;
    }

    /// <summary>Runs the action until <paramref name="seconds"/> have passed (JIT tiering, caches, worker threads).</summary>
    public static void Warmup(Action action, double seconds)
    {
        var sw = Stopwatch.StartNew();
        do action(); while (sw.Elapsed.TotalSeconds < seconds);
    }
}
