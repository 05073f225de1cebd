using System.Diagnostics;

namespace Workbench.Tensors.Kernels;

/// <summary>
/// Persistent background threads that help with one GEMM call at a time. A call is cut into more
/// chunks than threads; the caller and the helpers take chunks from a shared counter, so a helper
/// the OS has descheduled (the machine is shared) just gets fewer chunks. Which thread computes a
/// chunk never changes its bits: every element follows the same operation sequence anywhere.
/// A helper spins briefly after each call (RNN steps call GEMM back to back, and waking a sleeping
/// thread costs tens of microseconds), then blocks on an event. If the caller runs out of chunks
/// before a helper has even started, it withdraws the request instead of waiting.
/// The same threads run the other parallel loops of a training step (the recurrent layers' row blocks, row- and
/// column-split loops), so exactly one extra thread per core ever works or spins: a second pool of spinning
/// threads on a two-core machine would take turns with these and stall the joins.
/// </summary>
internal static unsafe class GemmWorkers
{
    /// <summary>How long an idle helper polls for the next call before it blocks (0.5 ms).</summary>
    static readonly long SpinTicks = Stopwatch.Frequency / 2000;

    static readonly object s_grow = new();
    static Helper[] s_helpers = [];
    static int s_busy;
    static int s_nextChunk;
    static long s_helperChunks;

    /// <summary>Chunks run on helper threads since start-up (lets tests see that work was really shared).</summary>
    internal static long HelperChunks => Interlocked.Read(ref s_helperChunks);

    /// <summary>Runs all chunks of the job; false (nothing run) when another call holds the pool.</summary>
    public static bool TryRun(in Gemm.Job job, int chunks, int threads) => TryRun(job, null, chunks, threads);

    /// <summary>Runs part(0) .. part(parts - 1), each once, on up to <paramref name="threads"/> threads; false (nothing
    /// run) when another call holds the pool (the caller then runs the parts itself).</summary>
    public static bool TryRun(Action<int> part, int parts, int threads) => TryRun(default, part, parts, threads);

    /// <summary>The error a parallel call reports when one of its parts threw <paramref name="error"/>.</summary>
    public static InvalidOperationException PartFailed(string what, Exception error) => new($"{what}: a part failed: {error.Message}", error);

    static bool TryRun(in Gemm.Job job, Action<int>? part, int chunks, int threads)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            var helpers = EnsureHelpers(threads - 1);
            Volatile.Write(ref s_nextChunk, 0);
            for (int i = 0; i < threads - 1; i++) helpers[i].Post(job, part, chunks);
            Exception? error = null;
            try { RunChunks(job, part, chunks, onHelper: false); }
            catch (Exception e) { error = e; Volatile.Write(ref s_nextChunk, chunks); }   // stop handing out chunks
            // Always wait for the helpers before the pool is free again, even when this thread's part failed.
            for (int i = 0; i < threads - 1; i++) { var e = helpers[i].Finish(); error ??= e; }
            if (error != null) throw PartFailed(part is null ? "gemm" : "parallel loop", error);
            return true;
        }
        finally { Volatile.Write(ref s_busy, 0); }
    }

    static void RunChunks(in Gemm.Job job, Action<int>? part, int chunks, bool onHelper)
    {
        for (int i; (i = Interlocked.Increment(ref s_nextChunk) - 1) < chunks;)
        {
            if (part is null) job.RunPart(i, chunks);
            else part(i);
            if (onHelper) Interlocked.Increment(ref s_helperChunks);
        }
    }

    static Helper[] EnsureHelpers(int count)
    {
        var helpers = s_helpers;
        if (helpers.Length >= count) return helpers;
        lock (s_grow)
        {
            if (s_helpers.Length < count)
            {
                var grown = new Helper[count];
                Array.Copy(s_helpers, grown, s_helpers.Length);
                for (int i = s_helpers.Length; i < count; i++) grown[i] = new Helper(i + 1);
                s_helpers = grown;
            }
            return s_helpers;
        }
    }

    sealed class Helper
    {
        const int Idle = 0, Posted = 1, Running = 2;

        readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        Gemm.Job _job;
        Action<int>? _part;
        int _chunks;
        Exception? _error;
        int _state, _sleeping;

        public Helper(int id) => new Thread(Loop) { IsBackground = true, Name = $"gemm-helper-{id}" }.Start();

        public void Post(in Gemm.Job job, Action<int>? part, int chunks)
        {
            _job = job; _part = part; _chunks = chunks; _error = null;
            Interlocked.Exchange(ref _state, Posted); // full fence: the job is visible before the state
            if (Volatile.Read(ref _sleeping) != 0) _wake.Set();
        }

        /// <summary>Withdraws the request if the helper never started it, else waits for it.</summary>
        public Exception? Finish()
        {
            if (Interlocked.CompareExchange(ref _state, Idle, Posted) == Posted) return null;
            var spin = new SpinWait();
            while (Volatile.Read(ref _state) != Idle) spin.SpinOnce(sleep1Threshold: -1);
            return _error;
        }

        void Loop()
        {
            while (true)
            {
                // SpinOnce yields the core after a few rounds, so a spinning helper never starves a
                // working one (or anyone else) when threads outnumber free cores.
                var spin = new SpinWait();
                long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref _state) != Posted)
                {
                    if (Stopwatch.GetTimestamp() < spinUntil) { spin.SpinOnce(sleep1Threshold: -1); continue; }
                    // Dekker handshake with Post: either we see Posted or Post sees _sleeping.
                    _wake.Reset();
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _state) != Posted) _wake.Wait();
                    Interlocked.Exchange(ref _sleeping, 0);
                    spin.Reset();
                    spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
                }
                if (Interlocked.CompareExchange(ref _state, Running, Posted) != Posted) continue; // withdrawn
                try { RunChunks(_job, _part, _chunks, onHelper: true); }
                catch (Exception e) { _error = e; }
                Volatile.Write(ref _state, Idle);
            }
        }
    }
}
