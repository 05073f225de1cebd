namespace Workbench.Tensors.Kernels;

/// <summary>
/// Persistent background threads that run parts of a GEMM call. The caller runs part 0 itself and
/// hands parts 1.. to the workers. A worker spins briefly after each job (RNN steps call GEMM
/// back to back, and waking a sleeping thread costs tens of microseconds), then blocks on an event.
/// One call uses the pool at a time; a concurrent caller just runs single-threaded.
/// </summary>
internal static unsafe class GemmWorkers
{
    const int SpinIterations = 20000;

    static readonly object s_grow = new();
    static Worker[] s_workers = [];
    static int s_busy;

    /// <summary>Runs all parts of the job; false (nothing run) when the pool is taken by another call.</summary>
    public static bool TryRun(ref Gemm.Job job, int parts)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            var workers = EnsureWorkers(parts - 1);
            for (int i = 1; i < parts; i++) workers[i - 1].Post(job, i, parts);
            job.RunPart(0, parts);
            Exception? error = null;
            for (int i = 1; i < parts; i++) error ??= workers[i - 1].WaitDone();
            if (error != null) throw new InvalidOperationException("gemm: a worker thread failed.", error);
            return true;
        }
        finally { Volatile.Write(ref s_busy, 0); }
    }

    static Worker[] EnsureWorkers(int count)
    {
        var workers = s_workers;
        if (workers.Length >= count) return workers;
        lock (s_grow)
        {
            if (s_workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(s_workers, grown, s_workers.Length);
                for (int i = s_workers.Length; i < count; i++) grown[i] = new Worker(i + 1);
                s_workers = grown;
            }
            return s_workers;
        }
    }

    sealed class Worker
    {
        readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        Gemm.Job _job;
        int _part, _parts;
        Exception? _error;
        long _posted, _done; // sequence numbers: a job is pending while _posted > _done
        int _sleeping;

        public Worker(int id)
        {
            new Thread(Loop) { IsBackground = true, Name = $"gemm-worker-{id}" }.Start();
        }

        public void Post(in Gemm.Job job, int part, int parts)
        {
            _job = job; _part = part; _parts = parts; _error = null;
            Interlocked.Increment(ref _posted); // full fence: the job fields are visible before the count
            if (Volatile.Read(ref _sleeping) != 0) _wake.Set();
        }

        public Exception? WaitDone()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) != Volatile.Read(ref _posted)) spin.SpinOnce(sleep1Threshold: -1);
            return _error;
        }

        void Loop()
        {
            long seen = 0;
            while (true)
            {
                for (int i = 0; Volatile.Read(ref _posted) == seen; i++)
                {
                    if (i < SpinIterations) { Thread.SpinWait(1); continue; }
                    // Dekker handshake with Post: either we see the new count or Post sees _sleeping.
                    _wake.Reset();
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _posted) == seen) _wake.Wait();
                    Interlocked.Exchange(ref _sleeping, 0);
                    i = 0;
                }
                seen = Volatile.Read(ref _posted);
                try { _job.RunPart(_part, _parts); }
                catch (Exception e) { _error = e; }
                Volatile.Write(ref _done, seen);
            }
        }
    }
}
