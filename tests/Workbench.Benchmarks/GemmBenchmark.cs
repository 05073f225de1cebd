using System.Globalization;
using System.Text;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Benchmarks;

/// <summary>
/// `gemm`: our packed SGEMM against OpenBLAS (numpy in a subprocess), interleaved round by round so
/// both see the same machine load, reported as a Markdown table of GFLOP/s.
/// </summary>
public sealed class GemmBenchmark : IBenchmark
{
    public string Name => "gemm";
    public string Description => "Gemm.Sgemm vs OpenBLAS via numpy (options: --threads 2 --rounds 7 --samples 5 --sample-ms 20 --shapes 1024x1024x1024,... --python /usr/bin/python3 --ours-only --isa Avx2 --trans TN)";

    static readonly (int M, int K, int N)[] DefaultShapes = [(1024, 1024, 1024), (32, 256, 1024), (2048, 64, 1024), (2048, 256, 65)];

    public int Run(string[] args)
    {
        var opt = Options.Parse(args);
        string root = RepoRoot();
        string python = Environment.GetEnvironmentVariable("WORKBENCH_PYTHON") ?? opt.Python;
        Gemm.MaxThreads = opt.Threads;
        GemmIsa isa = opt.Isa ?? Gemm.BestIsa;
        using var numpy = opt.OursOnly ? null : new NumpyBaseline(Path.Combine(root, "bench", "gemm_numpy.py"), python, opt.Threads);

        Console.Error.WriteLine($"gemm: threads={opt.Threads}, isa={isa}, trans={opt.Trans}, baseline: {numpy?.Banner ?? "none (--ours-only)"}");
        var table = new StringBuilder();
        table.AppendLine("| Shape (M x K x N) | Ours GFLOP/s best / median | OpenBLAS GFLOP/s best / median | Ratio of medians |");
        table.AppendLine("|---|---|---|---|");
        foreach (var (m, k, n) in opt.Shapes)
        {
            var (ours, theirs) = MeasureShape(m, k, n, isa, opt, numpy);
            double flops = 2.0 * m * n * k;
            string G(double seconds) => (flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);
            string baseline = theirs is { } t
                ? $"{G(t.MinSeconds)} / {G(t.MedianSeconds)} | {(t.MedianSeconds / ours.MedianSeconds).ToString("F2", CultureInfo.InvariantCulture)}"
                : "- | -";
            table.AppendLine($"| {m} x {k} x {n} | {G(ours.MinSeconds)} / {G(ours.MedianSeconds)} | {baseline} |");
            Console.Error.WriteLine($"  done {m}x{k}x{n}");
        }
        Console.Write(table.ToString());
        return 0;
    }

    static unsafe (Sample Ours, Sample? Theirs) MeasureShape(int m, int k, int n, GemmIsa isa, Options opt, NumpyBaseline? numpy)
    {
        var g = new Generator(1234);
        bool ta = opt.Trans[0] == 'T', tb = opt.Trans[1] == 'T';
        float[] a = RandomArray(g, m * k), b = RandomArray(g, k * n), c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        // The internal entry point, so --isa can pick a path; Sgemm adds only argument checks.
        Action call = () =>
        {
            fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
                Gemm.Packed(isa, Gemm.MaxThreads, ta, tb, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
        };

        Timing.Warmup(call, 0.5);
        SpotCheck(g, m, k, n, a, lda, ta, b, ldb, tb, c);
        numpy?.SetShape(m, k, n, opt.Trans);
        // Calls per sample so one sample lasts about --sample-ms on our side; the same count for numpy.
        double perCall = Timing.Measure(call, 3, 1).Min();
        int calls = Math.Max(1, (int)(opt.SampleMs / 1000.0 / perCall));

        var ours = new List<double>();
        var theirs = new List<double>();
        for (int r = 0; r < opt.Rounds; r++)
        {
            ours.AddRange(Timing.Measure(call, opt.Samples, calls));
            if (numpy != null) theirs.AddRange(numpy.Time(opt.Samples, calls));
        }
        return (Sample.Of(ours), numpy == null ? null : Sample.Of(theirs));
    }

    /// <summary>A few entries of C recomputed in double, so a broken kernel is never timed as a fast one.</summary>
    static void SpotCheck(Generator g, int m, int k, int n, float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[] c)
    {
        for (int t = 0; t < 16; t++)
        {
            int i = g.NextInt(m), j = g.NextInt(n);
            double s = 0, mag = 0;
            for (int p = 0; p < k; p++)
            {
                double v = (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                s += v; mag += Math.Abs(v);
            }
            if (Math.Abs(c[i * n + j] - s) > 1e-5 * (k + 4) * mag)
                throw new BenchmarkException($"wrong result at C[{i},{j}] for {m}x{k}x{n}: {c[i * n + j]} vs {s}");
        }
    }

    static float[] RandomArray(Generator g, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)g.NextNormal();
        return x;
    }

    internal static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "workbench.sln"))) return d.FullName;
        throw new BenchmarkException("cannot find the repository root (workbench.sln) above the current directory");
    }

    sealed record Options(int Threads, int Rounds, int Samples, double SampleMs, (int M, int K, int N)[] Shapes, string Python, bool OursOnly, GemmIsa? Isa, string Trans)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(2, 7, 5, 20, DefaultShapes, "/usr/bin/python3", false, null, "NN");
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new BenchmarkException($"option {args[i]} needs a value");
                o = args[i] switch
                {
                    "--threads" => o with { Threads = PositiveInt("--threads", Value()) },
                    "--rounds" => o with { Rounds = PositiveInt("--rounds", Value()) },
                    "--samples" => o with { Samples = PositiveInt("--samples", Value()) },
                    "--sample-ms" => o with { SampleMs = PositiveInt("--sample-ms", Value()) },
                    "--shapes" => o with { Shapes = ParseShapes(Value()) },
                    "--python" => o with { Python = Value() },
                    "--ours-only" => o with { OursOnly = true },
                    "--isa" => o with { Isa = Enum.TryParse<GemmIsa>(Value(), true, out var isa) && isa <= Gemm.BestIsa ? isa
                        : throw new BenchmarkException($"--isa expects one of Portable..{Gemm.BestIsa} on this machine, got '{args[i]}'") },
                    "--trans" => o with { Trans = Value().ToUpperInvariant() is var t && t is "NN" or "TN" or "NT" or "TT" ? t
                        : throw new BenchmarkException($"--trans expects NN, TN, NT or TT (op(A) op(B)), got '{args[i]}'") },
                    _ => throw new BenchmarkException($"unknown option '{args[i]}'"),
                };
            }
            return o;
        }

        static int PositiveInt(string name, string s) =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v : throw new BenchmarkException($"{name} expects a positive integer, got '{s}'");

        static (int, int, int)[] ParseShapes(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t =>
        {
            var p = t.Split('x');
            if (p.Length != 3) throw new BenchmarkException($"shape '{t}' is not MxKxN");
            return (PositiveInt("--shapes M", p[0]), PositiveInt("--shapes K", p[1]), PositiveInt("--shapes N", p[2]));
        }).ToArray();
    }
}
