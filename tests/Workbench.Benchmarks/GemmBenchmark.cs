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
    public string Description => "Gemm.Sgemm vs OpenBLAS via numpy (options: --threads 2 --rounds 7 --samples 5 --sample-ms 20 --shapes 1024x1024x1024,... --python /usr/bin/python3)";

    static readonly (int M, int K, int N)[] DefaultShapes = [(1024, 1024, 1024), (32, 256, 1024), (2048, 64, 1024), (2048, 256, 65)];

    public int Run(string[] args)
    {
        var opt = Options.Parse(args);
        string root = RepoRoot();
        string python = Environment.GetEnvironmentVariable("WORKBENCH_PYTHON") ?? opt.Python;
        Gemm.MaxThreads = opt.Threads;
        using var numpy = new NumpyBaseline(Path.Combine(root, "bench", "gemm_numpy.py"), python, opt.Threads);

        Console.Error.WriteLine($"gemm: threads={opt.Threads}, isa={Gemm.BestIsa}, baseline: {numpy.Banner}");
        var table = new StringBuilder();
        table.AppendLine("| Shape (M x K x N) | Ours GFLOP/s best / median | OpenBLAS GFLOP/s best / median | Ratio of medians |");
        table.AppendLine("|---|---|---|---|");
        foreach (var (m, k, n) in opt.Shapes)
        {
            var (ours, theirs) = MeasureShape(m, k, n, opt, numpy);
            double flops = 2.0 * m * n * k;
            string G(double seconds) => (flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);
            table.AppendLine($"| {m} x {k} x {n} | {G(ours.MinSeconds)} / {G(ours.MedianSeconds)} | " +
                $"{G(theirs.MinSeconds)} / {G(theirs.MedianSeconds)} | {(theirs.MedianSeconds / ours.MedianSeconds).ToString("F2", CultureInfo.InvariantCulture)} |");
            Console.Error.WriteLine($"  done {m}x{k}x{n}");
        }
        Console.Write(table.ToString());
        return 0;
    }

    static unsafe (Sample Ours, Sample Theirs) MeasureShape(int m, int k, int n, Options opt, NumpyBaseline numpy)
    {
        var g = new Generator(1234);
        float[] a = RandomArray(g, m * k), b = RandomArray(g, k * n), c = new float[m * n];
        Action call = () => Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

        Timing.Warmup(call, 0.3);
        numpy.SetShape(m, k, n);
        // Calls per sample so one sample lasts about --sample-ms on our side; the same count for numpy.
        double perCall = Timing.Measure(call, 3, 1).Min();
        int calls = Math.Max(1, (int)(opt.SampleMs / 1000.0 / perCall));

        var ours = new List<double>();
        var theirs = new List<double>();
        for (int r = 0; r < opt.Rounds; r++)
        {
            ours.AddRange(Timing.Measure(call, opt.Samples, calls));
            theirs.AddRange(numpy.Time(opt.Samples, calls));
        }
        return (Sample.Of(ours), Sample.Of(theirs));
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

    sealed record Options(int Threads, int Rounds, int Samples, double SampleMs, (int M, int K, int N)[] Shapes, string Python)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(2, 7, 5, 20, DefaultShapes, "/usr/bin/python3");
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
