using System.Diagnostics;
using System.Runtime.InteropServices;

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

    /// <summary>As <see cref="Measure"/>, but in CPU seconds of the whole process (every thread, GC included) rather
    /// than wall-clock seconds: on a machine shared with other work a wall clock also times the scheduler, while CPU
    /// time counts only the work done, so two builds can be compared there (single-threaded, where no thread spins
    /// waiting for another).</summary>
    public static List<double> MeasureCpu(Action action, int samples, int callsPerSample)
    {
        var times = new List<double>(samples);
        for (int s = 0; s < samples; s++)
        {
            double t0 = ProcessCpuSeconds();
            for (int i = 0; i < callsPerSample; i++) action();
            times.Add((ProcessCpuSeconds() - t0) / callsPerSample);
        }
        return times;
    }

    /// <summary>CPU time used by this process so far, from clock_gettime(CLOCK_PROCESS_CPUTIME_ID) (nanosecond
    /// resolution; Process.TotalProcessorTime counts in 10 ms ticks on Linux, too coarse for one step).</summary>
    public static double ProcessCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
            throw new BenchmarkException("--cpu-time reads clock_gettime(CLOCK_PROCESS_CPUTIME_ID), which this benchmark only calls on Linux");
        if (clock_gettime(ClockProcessCpuTime, out var ts) != 0)
            throw new BenchmarkException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()})");
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }

    const int ClockProcessCpuTime = 2;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true)]
    static extern int clock_gettime(int clockId, out TimeSpec time);

    /// <summary>Runs the action until <paramref name="seconds"/> have passed (JIT tiering, caches, worker threads).</summary>
    public static void Warmup(Action action, double seconds)
    {
        var sw = Stopwatch.StartNew();
        do action(); while (sw.Elapsed.TotalSeconds < seconds);
    }
}
