namespace Workbench.Tensors.Kernels;

public static unsafe partial class Gemm
{
    static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Most threads one GEMM call uses (default: the processor count). Results do not depend on it:
    /// each element of C is computed by one thread with the same k order whatever the count.
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Gemm.MaxThreads must be at least 1.");
    }

    /// <summary>Below this many multiply-adds (m*n*k) a call stays on the calling thread: waking a worker would cost more than it saves.</summary>
    internal const long ParallelThreshold = 1L << 18;

    const int ChunksPerThread = 4;

    /// <summary>Packing one element of an operand costs about as much time as this many multiply-adds in the
    /// micro-kernel (a gather and a store against one lane of a vector FMA).</summary>
    const long PackCost = 16;
    const long ChunkWork = 1L << 16;

    /// <summary>Packed GEMM on a chosen ISA path with up to <paramref name="threads"/> threads.</summary>
    internal static void Packed(GemmIsa isa, int threads, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedB? packed = null)
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { ScaleC(m, n, beta, c, ldc); return; }

        long work = (long)m * n * k;
        var job = new Job(isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed);
        // A few chunks per thread so a descheduled thread delays little; none smaller than ChunkWork; and no more
        // than keeps the packing each chunk repeats to about a tenth of the arithmetic (at least one per thread).
        // A thin product with a long k (a weight gradient, dW = dYᵀ X over all timesteps) otherwise spends more
        // time re-packing the undivided operand for every chunk than multiplying.
        long packingBound = Math.Max(threads, work / (10 * PackCost * Math.Max(1, job.RepeatedPerChunk)));
        int chunks = (int)Math.Min(Math.Min(Math.Min(job.MaxParts, ChunksPerThread * (long)threads), work / ChunkWork), packingBound);
        threads = Math.Min(threads, chunks);
        if (work < ParallelThreshold || threads <= 1 || !GemmWorkers.TryRun(job, chunks, threads))
            Serial(isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, packed);
    }

    /// <summary>
    /// One GEMM call split into disjoint rectangles of C, whole row tiles or whole column tiles;
    /// each part is an independent serial GEMM with its own packing.
    /// </summary>
    internal readonly struct Job
    {
        readonly GemmIsa _isa;
        readonly bool _transA, _transB, _splitRows;
        readonly int _m, _n, _k, _lda, _ldb, _ldc, _unit;
        readonly float _alpha, _beta;
        readonly float* _a, _b, _c;
        readonly PackedB? _packed;

        public Job(GemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha,
            float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, PackedB? packed)
        {
            (_isa, _transA, _transB, _m, _n, _k, _alpha, _lda, _ldb, _beta, _ldc, _packed) =
                (isa, transA, transB, m, n, k, alpha, lda, ldb, beta, ldc, packed);
            _a = a; _b = b; _c = c;
            int nr = 2 * Width(isa);
            int rowTiles = (m + MR - 1) / MR, colTiles = (n + nr - 1) / nr;
            // Every row chunk packs all of op(B) (a read and a write per value); every column chunk
            // reads all of op(A) (in place, or packed when transposed). Split the way that repeats
            // less, as long as there are enough column tiles to go round. (A pre-packed op(B) is only read.)
            long repeatedByRows = (packed is null ? 2L : 1L) * k * n, repeatedByCols = (transA ? 2L : 1L) * k * m;
            _splitRows = colTiles < 2 * ChunksPerThread ? rowTiles >= colTiles : repeatedByRows < repeatedByCols;
            _unit = _splitRows ? MR : nr;
            MaxParts = _splitRows ? rowTiles : colTiles;
            // Elements every chunk packs again: all of op(B) for row chunks, op(A) for column chunks when it is
            // transposed (row-major A is read in place, a smaller cost that is not counted).
            RepeatedPerChunk = _splitRows ? (packed is null ? (long)k * n : 0) : (transA ? (long)k * m : 0);
        }

        /// <summary>Elements of the undivided operand that each chunk packs again.</summary>
        public long RepeatedPerChunk { get; }

        /// <summary>How many parts the split can make (one per register tile along the split side).</summary>
        public int MaxParts { get; }

        /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/> on the calling thread.</summary>
        public void RunPart(int part, int parts)
        {
            int extent = _splitRows ? _m : _n;
            int units = (extent + _unit - 1) / _unit;
            int start = Math.Min(extent, (int)((long)units * part / parts) * _unit);
            int end = Math.Min(extent, (int)((long)units * (part + 1) / parts) * _unit);
            if (end <= start) return;
            if (_splitRows)
                Serial(_isa, _transA, _transB, end - start, _n, _k, _alpha,
                    _a + (_transA ? start : (long)start * _lda), _lda, _b, _ldb, _beta, _c + (long)start * _ldc, _ldc, _packed);
            else
                Serial(_isa, _transA, _transB, _m, end - start, _k, _alpha,
                    _a, _lda, _packed is null ? _b + (_transB ? (long)start * _ldb : start) : null, _ldb, _beta, _c + start, _ldc, _packed, start);
        }
    }

    static int Width(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Avx512Simd.Width,
        GemmIsa.Avx2 => Avx2Simd.Width,
        _ => PortableSimd.Width,
    };
}
