using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;

namespace Workbench.Benchmarks;

/// <summary>
/// `rnn`: a whole language-model training step (embedding, recurrent layer, linear, cross-entropy,
/// backward, gradient clipping at 5.0, Adam) on the grid of ../shared/bench/pytorch_rnn_baseline.py,
/// against that script in the same run: each row runs ours, then PyTorch on the same shape, so both see the
/// same machine load. Prints a Markdown table of tokens per second (min / median over repeats), the ratio of
/// medians, and our effective GFLOP/s (matrix-product FLOPs of the step) as a fraction of the GEMM ceiling
/// measured at the start of the run (a 1024³ product).
/// </summary>
public sealed class RnnBenchmark : IBenchmark
{
    public string Name => "rnn";
    public string Description => "LM training step vs PyTorch (options: --cells rnn,gru,lstm --hidden 128,256,512 --rounds 2 --repeats 10 --warmup 3 --warmup-seconds 1 --threads 2 --python /usr/bin/python3 --baseline PATH --no-baseline --unfused --cpu-time)";

    internal const int Vocab = 65, Embed = 64, Batch = 32, SeqLen = 64;

    public int Run(string[] args)
    {
        var opt = Options.Parse(args);
        Gemm.MaxThreads = opt.Threads;
        string root = GemmBenchmark.RepoRoot();
        string script = opt.Baseline ?? FindBaseline(root);
        if (!opt.NoBaseline && !File.Exists(script))
            throw new BenchmarkException($"PyTorch baseline script not found at {script} (expected ../shared/bench/pytorch_rnn_baseline.py relative to the repository root); pass --baseline PATH, or --no-baseline to time ours only");

        double ceiling = GemmCeiling(opt.CpuTime);
        Console.Error.WriteLine($"rnn: threads={opt.Threads}, GEMM ceiling {ceiling:F1} GFLOP/s (1024x1024x1024), B={Batch} T={SeqLen} V={Vocab} E={Embed}");
        var table = new StringBuilder();
        table.AppendLine($"| Cell | H | Ours tok/s (min / median) | PyTorch tok/s (min / median) | Ratio of medians | Ours GFLOP/s | Fraction of GEMM ceiling ({ceiling:F0} GFLOP/s) |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        string torchVersion = "";
        foreach (var cell in opt.Cells)
            foreach (int h in opt.Hidden)
            {
                // Rounds alternate ours and PyTorch on the same shape so both see the same machine load.
                var ours = new List<double>();
                var torchMins = new List<double>();
                var torchMedians = new List<double>();
                var model = new LmStep(cell, h, opt.Unfused);
                for (int round = 0; round < opt.Rounds; round++)
                {
                    ours.AddRange(model.Measure(opt.Warmup, round == 0 ? opt.WarmupSeconds : 0, opt.Repeats, opt.CpuTime));
                    if (opt.NoBaseline) continue;
                    var (tMin, tMed, version) = MeasurePyTorch(script, opt.Python, cell, h, opt.Repeats, opt.Warmup, opt.Threads);
                    torchVersion = version;
                    torchMins.Add(tMin);
                    torchMedians.Add(tMed);
                }
                double oursMin = Tokens / ours.Max(), oursMed = Tokens / Median(ours);
                string theirs = "n/a", ratio = "n/a";
                if (!opt.NoBaseline)
                {
                    double tMed = Median(torchMedians);
                    theirs = $"{torchMins.Min():F0} / {tMed:F0}";
                    ratio = (oursMed / tMed).ToString("F2", CultureInfo.InvariantCulture);
                }
                double gflops = StepFlops(cell, h) / Median(ours) / 1e9;
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cell} | {h} | {oursMin:F0} / {oursMed:F0} | {theirs} | {ratio} | {gflops:F1} | {gflops / ceiling:F2} |"));
                Console.Error.WriteLine($"  done {cell} H={h}");
            }
        if (torchVersion != "") Console.WriteLine($"PyTorch {torchVersion} (CPU, {opt.Threads} threads), ours with Gemm.MaxThreads = {opt.Threads}, {(opt.Unfused ? "embedding, layer and linear called one after the other (--unfused)" : "RecurrentLanguageModel (embedding folded into the input projection)")}; {opt.Rounds} rounds of {opt.Repeats} timed steps{(opt.CpuTime ? " (process CPU time, not wall-clock)" : "")} (after {opt.Warmup} warm-up steps; ours also warms up for at least {opt.WarmupSeconds} s per row, so the .NET JIT has promoted the hot code, as it has in any real training run) each, ours and PyTorch alternating; tok/s min over all steps, median of all our steps and of PyTorch's per-round medians.\n");
        if (opt.CpuTime) Console.WriteLine($"Ours only, Gemm.MaxThreads = {opt.Threads}: process CPU seconds per step (every thread, GC included), not wall-clock, so another build can be compared on a busy machine; {opt.Rounds} rounds of {opt.Repeats} steps after {opt.Warmup} warm-up steps and at least {opt.WarmupSeconds} s.\n");
        Console.Write(table.ToString());
        return 0;
    }

    internal static int Tokens => Batch * SeqLen;

    /// <summary>../shared/bench/pytorch_rnn_baseline.py next to the repository; a git worktree under the
    /// main checkout's parent (e.g. /work/wt/NAME) finds it one level further up.</summary>
    internal static string FindBaseline(string root)
    {
        string first = Path.GetFullPath(Path.Combine(root, "..", "shared", "bench", "pytorch_rnn_baseline.py"));
        for (var d = new DirectoryInfo(root).Parent; d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "bench", "pytorch_rnn_baseline.py");
            if (File.Exists(candidate)) return candidate;
        }
        return first;
    }

    /// <summary>The cell kind of a --cells name: PyTorch's module names, rnn meaning tanh.</summary>
    internal static CellKind Kind(string cell) => cell switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" => CellKind.RnnTanh,
        _ => throw new BenchmarkException($"unknown cell '{cell}' (rnn, gru, lstm)"),
    };

    /// <summary>FLOPs of the step's matrix products: forward, plus two products of the same size per
    /// forward product in the backward pass (input and weight gradients).</summary>
    static double StepFlops(string cell, int h)
    {
        int g = cell switch { "lstm" => 4, "gru" => 3, _ => 1 };
        double n = Tokens;
        double forward = 2 * n * (Embed * g * h + h * g * h + h * Vocab);
        return 3 * forward;
    }

    /// <summary>The model, optimizer and data of one row, built once and stepped for every round. The model is the
    /// product's <see cref="RecurrentLanguageModel"/> (embedding, recurrent layer, linear: the script's modules), so the
    /// step times what a notebook's training loop runs; with <c>--unfused</c> the step calls the three modules
    /// one after the other instead, as the PyTorch script does, which materialises the embeddings.</summary>
    internal sealed class LmStep
    {
        readonly RecurrentLanguageModel model;
        readonly Tensor[] parameters;
        readonly Adam adam;
        readonly int[] x, y;
        readonly bool unfused;

        public LmStep(string cell, int hidden, bool unfused)
        {
            var gen = new Generator(0);
            model = new RecurrentLanguageModel(new LanguageModelConfig(Kind(cell), Vocab, Embed, hidden), gen);
            parameters = model.Parameters().ToArray();
            adam = new Adam(parameters, 1e-3f);
            x = Enumerable.Range(0, Tokens).Select(_ => gen.NextInt(Vocab)).ToArray();
            y = Enumerable.Range(0, Tokens).Select(_ => gen.NextInt(Vocab)).ToArray();
            this.unfused = unfused;
        }

        void Step()
        {
            // As the product's Trainer does (and TorchSharp training loops): the step's tensors are released when it ends.
            using var scope = Tensor.NewDisposeScope();
            adam.ZeroGrad();
            var logits = unfused
                ? model.Fc.Forward(model.Rnn.Forward(model.Embedding.Forward(x, Batch, SeqLen)).Output)
                : model.Forward(x, Batch, SeqLen).Logits;
            var loss = Functional.CrossEntropy(logits.Reshape(-1, Vocab), y);
            loss.Backward();
            GradClip.ClipGradNorm(parameters, 5f);
            adam.Step();
        }

        /// <summary>Seconds per step for each of <paramref name="repeats"/> steps after at least <paramref name="warmup"/>
        /// untimed ones and at least <paramref name="warmupSeconds"/> of them: tiered compilation promotes a method
        /// only after it has run a while, so a handful of steps would time partly unoptimised code. With
        /// <paramref name="cpuTime"/>, process CPU seconds instead of wall-clock seconds.</summary>
        public List<double> Measure(int warmup, double warmupSeconds, int repeats, bool cpuTime = false)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < warmup || clock.Elapsed.TotalSeconds < warmupSeconds; i++) Step();
            return cpuTime ? Timing.MeasureCpu(Step, repeats, 1) : Timing.Measure(Step, repeats, 1);
        }
    }

    /// <summary>Runs a PyTorch script with <c>--json</c> and the given options; returns its first row's tokens/s.</summary>
    internal static (double Min, double Median, string Version) MeasurePyTorch(string script, string python, string cell, int hidden, int repeats, int warmup, int threads,
        params string[] extra)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, "--json", "--cells", cell, "--hidden", hidden.ToString(CultureInfo.InvariantCulture),
                     "--repeats", repeats.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
                     "--threads", threads.ToString(CultureInfo.InvariantCulture) }.Concat(extra))
            psi.ArgumentList.Add(a);
        Process proc;
        try { proc = Process.Start(psi) ?? throw new BenchmarkException($"could not start {python}"); }
        catch (System.ComponentModel.Win32Exception e) { throw new BenchmarkException($"could not start '{python}' ({e.Message}); it needs Debian's python3-torch"); }
        var stderr = proc.StandardError.ReadToEndAsync();
        string stdout = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        if (proc.ExitCode != 0)
            throw new BenchmarkException($"PyTorch baseline failed (exit {proc.ExitCode}): {stderr.Result.Trim()}");
        using var doc = JsonDocument.Parse(stdout);
        var row = doc.RootElement.GetProperty("rows")[0];
        return (row.GetProperty("tok_per_s_min").GetDouble(), row.GetProperty("tok_per_s_median").GetDouble(),
            doc.RootElement.GetProperty("torch").GetString() ?? "?");
    }

    internal static double GemmCeiling(bool cpuTime = false)
    {
        const int n = 1024;
        var g = new Generator(1);
        var a = Enumerable.Range(0, n * n).Select(_ => (float)g.NextNormal()).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => (float)g.NextNormal()).ToArray();
        var c = new float[n * n];
        Action call = () => Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
        Timing.Warmup(call, 0.3);
        return 2.0 * n * n * n / Median(cpuTime ? Timing.MeasureCpu(call, 7, 1) : Timing.Measure(call, 7, 1)) / 1e9;
    }

    internal static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    sealed record Options(string[] Cells, int[] Hidden, int Repeats, int Warmup, double WarmupSeconds, int Threads, string Python, bool NoBaseline, string? Baseline = null, int Rounds = 2, bool Unfused = false, bool CpuTime = false)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(["rnn", "gru", "lstm"], [128, 256, 512], 10, 3, 1.0, 2, "/usr/bin/python3", false);
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new BenchmarkException($"option {args[i]} needs a value");
                o = args[i] switch
                {
                    "--cells" => o with { Cells = Value().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                    "--hidden" => o with { Hidden = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Positive("--hidden", s)).ToArray() },
                    "--repeats" => o with { Repeats = Positive("--repeats", Value()) },
                    "--rounds" => o with { Rounds = Positive("--rounds", Value()) },
                    "--warmup" => o with { Warmup = Positive("--warmup", Value()) },
                    "--warmup-seconds" => o with { WarmupSeconds = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ws) && ws >= 0 ? ws : throw new BenchmarkException($"--warmup-seconds expects a non-negative number, got '{args[i]}'") },
                    "--threads" => o with { Threads = Positive("--threads", Value()) },
                    "--python" => o with { Python = Value() },
                    "--no-baseline" => o with { NoBaseline = true },
                    "--unfused" => o with { Unfused = true },
                    "--cpu-time" => o with { CpuTime = true, NoBaseline = true },
                    "--baseline" => o with { Baseline = Path.GetFullPath(Value()) },
                    _ => throw new BenchmarkException($"unknown option '{args[i]}'"),
                };
            }
            foreach (var c in o.Cells)
                if (c is not ("rnn" or "gru" or "lstm")) throw new BenchmarkException($"--cells: unknown cell '{c}' (rnn, gru, lstm)");
            return o;
        }

        static int Positive(string name, string s) =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v : throw new BenchmarkException($"{name} expects a positive integer, got '{s}'");
    }
}
