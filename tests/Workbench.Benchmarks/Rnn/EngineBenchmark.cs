using System.Globalization;
using System.Text;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;
using Workbench.TorchSharp;
using Workbench.TorchSharp.LanguageModels;

namespace Workbench.Benchmarks;

/// <summary>
/// `engines`: the same models on three engines in one run, one table. Rows: the rnn benchmark's language-model
/// training step (B=32, T=64, V=65, E=64, Adam, clipping at 5.0) for each cell and hidden size, and a decoding row
/// (batch-1 sampling of N tokens from an LSTM LM, the state carried, <see cref="Generate.Sample"/> on both .NET
/// engines), at each thread count. The decoding row also times the workbench's batched GEMM step (the path before the
/// matrix-vector step, <see cref="MatVec.MaxRows"/> = 0) in the same rounds, reported under the table. Columns: the workbench engine, TorchSharp (libtorch through
/// <see cref="TorchLanguageModel"/>), PyTorch (Debian's, a subprocess per row and round). Each round runs the three
/// one after the other on the same shape, so all see the same machine load; tokens/s min / median, ratios of medians.
/// </summary>
public sealed class EngineBenchmark : IBenchmark
{
    public string Name => "engines";
    public string Description => "workbench vs TorchSharp vs PyTorch, training step and sampling (options: --cells rnn,gru,lstm --hidden 128,256,512 --threads 1,2 --rounds 2 --repeats 10 --warmup 3 --warmup-seconds 1 --sample-tokens 500 --sample-hidden 512 --sample-repeats 5 --sampling-only --python /usr/bin/python3 --baseline PATH --no-pytorch --csv PATH)";

    public int Run(string[] args)
    {
        var opt = Options.Parse(args);
        string root = GemmBenchmark.RepoRoot();
        string trainScript = opt.Baseline ?? RnnBenchmark.FindBaseline(root);
        string sampleScript = Path.Combine(root, "tests", "Workbench.Benchmarks", "Rnn", "pytorch_lm_sampling.py");
        if (!opt.NoPyTorch && !opt.SamplingOnly && !File.Exists(trainScript))
            throw new BenchmarkException($"PyTorch baseline script not found at {trainScript}; pass --baseline PATH, or --no-pytorch to time the .NET engines only");
        try { TorchRuntime.EnsureLoaded(); }
        catch (TorchSharpUnavailableException e) { throw new BenchmarkException(e.Message); }

        var table = new StringBuilder();
        // The same numbers as data (one line per row and engine), for lessons and charts to read.
        var csv = new StringBuilder("threads,row,engine,tokens_per_s_min,tokens_per_s_median\n");
        table.AppendLine("| Threads | Row | Workbench tok/s (min / median) | TorchSharp tok/s (min / median) | PyTorch tok/s (min / median) | Workbench / TorchSharp | Workbench / PyTorch | TorchSharp / PyTorch |");
        table.AppendLine("|---|---|---|---|---|---|---|---|");
        string torchVersion = "";
        var before = new StringBuilder();
        foreach (int threads in opt.Threads)
        {
            Gemm.MaxThreads = threads;
            global::TorchSharp.torch.set_num_threads(threads);
            foreach (var cell in opt.SamplingOnly ? [] : opt.Cells)
                foreach (int h in opt.Hidden)
                {
                    var wb = new RnnBenchmark.LmStep(cell, h, unfused: false);
                    using var ts = new TorchSharpLmStep(cell, h);
                    var row = new Row(RnnBenchmark.Tokens);
                    for (int round = 0; round < opt.Rounds; round++)
                    {
                        double warm = round == 0 ? opt.WarmupSeconds : 0;
                        row.Workbench.AddRange(wb.Measure(opt.Warmup, warm, opt.Repeats));
                        row.TorchSharp.AddRange(ts.Measure(opt.Warmup, warm, opt.Repeats));
                        if (!opt.NoPyTorch) torchVersion = row.AddPyTorch(RnnBenchmark.MeasurePyTorch(trainScript, opt.Python, cell, h, opt.Repeats, opt.Warmup, threads));
                    }
                    table.AppendLine(row.Format(threads, $"{cell} {h}, training step", opt.NoPyTorch));
                    row.AppendCsv(csv, threads, $"{cell} {h} training step", opt.NoPyTorch);
                    Console.Error.WriteLine($"  done {cell} H={h}, {threads} thread(s)");
                }
            table.AppendLine(SamplingRow(opt, threads, sampleScript, csv, before, ref torchVersion));
            Console.Error.WriteLine($"  done sampling, {threads} thread(s)");
        }
        Console.WriteLine($"Workbench engine (Gemm.MaxThreads), TorchSharp 0.107.0 / libtorch 2.10 (torch.set_num_threads) and PyTorch {(torchVersion == "" ? "(not run)" : torchVersion)} (torch.set_num_threads), " +
            $"CPU; {opt.Rounds} rounds, each timing the three engines one after the other; training rows: {opt.Repeats} timed steps per engine and round after {opt.Warmup} warm-up steps " +
            $"(the .NET engines also warm up for at least {opt.WarmupSeconds} s per row); sampling rows: {opt.SampleRepeats} timed runs of {opt.SampleTokens} tokens. " +
            "tok/s min over all timings, median of all .NET timings and of PyTorch's per-round medians; ratios of medians.\n");
        Console.Write(table.ToString());
        Console.WriteLine("\nDecoding row, the workbench's two step paths timed in the same rounds (tok/s min / median): the batched GEMM step " +
            "(MatVec.MaxRows = 0, the path before the matrix-vector step) and the matrix-vector step (the default, in the table above).\n");
        Console.WriteLine("| Threads | Row | GEMM step (before) | Matrix-vector step (after) | after / before |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.Write(before.ToString());
        if (opt.Csv is not null)
        {
            IO.AtomicFile.WriteAllText(opt.Csv, csv.ToString());
            Console.Error.WriteLine($"  wrote {opt.Csv}");
        }
        return 0;
    }

    /// <summary>Batch-1 sampling of SampleTokens tokens from an LSTM LM (V=65, E=64, H=SampleHidden), eval mode, no end token.</summary>
    static string SamplingRow(Options opt, int threads, string script, StringBuilder csv, StringBuilder before, ref string torchVersion)
    {
        var config = new LanguageModelConfig(Recurrent.CellKind.Lstm, RnnBenchmark.Vocab, RnnBenchmark.Embed, opt.SampleHidden);
        var wb = new RecurrentLanguageModel(config, new Generator(0));
        wb.Eval();
        using var ts = TorchLanguageModel.From(wb);
        ts.eval();
        var row = new Row(opt.SampleTokens);
        var gemmStep = new List<double>();
        for (int round = 0; round < opt.Rounds; round++)
        {
            gemmStep.AddRange(WithMatVecRows(0, () => TimeSampling(wb, () => wb.InitialState(), opt)));
            row.Workbench.AddRange(TimeSampling(wb, () => wb.InitialState(), opt));
            row.TorchSharp.AddRange(TimeSampling(ts, () => ts.InitialState(), opt));
            if (!opt.NoPyTorch)
                torchVersion = row.AddPyTorch(RnnBenchmark.MeasurePyTorch(script, opt.Python, "lstm", opt.SampleHidden, opt.SampleRepeats, 1, threads,
                    "--tokens", opt.SampleTokens.ToString(CultureInfo.InvariantCulture)));
        }
        row.AppendCsv(csv, threads, $"lstm {opt.SampleHidden} sampling", opt.NoPyTorch);
        double n = opt.SampleTokens, beforeMed = n / RnnBenchmark.Median(gemmStep), afterMed = n / RnnBenchmark.Median(row.Workbench);
        before.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {threads} | lstm {opt.SampleHidden}, sampling {opt.SampleTokens} tokens (batch 1) | {n / gemmStep.Max():F0} / {beforeMed:F0} | {n / row.Workbench.Max():F0} / {afterMed:F0} | {afterMed / beforeMed:F2} |"));
        return row.Format(threads, $"lstm {opt.SampleHidden}, sampling {opt.SampleTokens} tokens (batch 1)", opt.NoPyTorch);
    }

    /// <summary>Runs <paramref name="body"/> with <see cref="MatVec.MaxRows"/> set to <paramref name="rows"/>, then restores it.</summary>
    internal static T WithMatVecRows<T>(int rows, Func<T> body)
    {
        int saved = MatVec.MaxRows;
        MatVec.MaxRows = rows;
        try { return body(); }
        finally { MatVec.MaxRows = saved; }
    }

    static List<double> TimeSampling<TState>(IStepDecoder<TState> model, Func<TState> start, Options opt)
    {
        const int NoEnd = -1;
        void Once() => Generate.Sample(model, start(), bos: 0, eos: NoEnd, opt.SampleTokens, new SamplingOptions(), new Generator(1));
        Once();   // warm-up: JIT and first-call allocations
        return Timing.Measure(Once, opt.SampleRepeats, 1);
    }

    /// <summary>One row's timings: seconds per call for the .NET engines, tokens/s from PyTorch's per-round summaries.</summary>
    sealed class Row(int tokensPerCall)
    {
        public List<double> Workbench { get; } = [];
        public List<double> TorchSharp { get; } = [];
        readonly List<double> pyMins = [], pyMedians = [];

        public string AddPyTorch((double Min, double Median, string Version) r)
        {
            pyMins.Add(r.Min);
            pyMedians.Add(r.Median);
            return r.Version;
        }

        public string Format(int threads, string name, bool noPyTorch)
        {
            double wbMed = tokensPerCall / RnnBenchmark.Median(Workbench), tsMed = tokensPerCall / RnnBenchmark.Median(TorchSharp);
            string py = "n/a", wbPy = "n/a", tsPy = "n/a";
            if (!noPyTorch)
            {
                double pyMed = RnnBenchmark.Median(pyMedians);
                py = $"{pyMins.Min():F0} / {pyMed:F0}";
                (wbPy, tsPy) = (Ratio(wbMed, pyMed), Ratio(tsMed, pyMed));
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"| {threads} | {name} | {tokensPerCall / Workbench.Max():F0} / {wbMed:F0} | {tokensPerCall / TorchSharp.Max():F0} / {tsMed:F0} | {py} | {Ratio(wbMed, tsMed)} | {wbPy} | {tsPy} |");
        }

        /// <summary>One CSV line per engine: tokens/s min and median, as in the table.</summary>
        public void AppendCsv(StringBuilder csv, int threads, string name, bool noPyTorch)
        {
            void Line(string engine, double min, double median) => csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{threads},{name},{engine},{min:F0},{median:F0}\n"));
            Line("workbench", tokensPerCall / Workbench.Max(), tokensPerCall / RnnBenchmark.Median(Workbench));
            Line("TorchSharp", tokensPerCall / TorchSharp.Max(), tokensPerCall / RnnBenchmark.Median(TorchSharp));
            if (!noPyTorch) Line("PyTorch", pyMins.Min(), RnnBenchmark.Median(pyMedians));
        }

        static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
    }

    sealed record Options(string[] Cells, int[] Hidden, int[] Threads, int Rounds, int Repeats, int Warmup, double WarmupSeconds,
        int SampleTokens, int SampleHidden, int SampleRepeats, bool SamplingOnly, string Python, string? Baseline, bool NoPyTorch, string? Csv)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(["rnn", "gru", "lstm"], [128, 256, 512], [1, 2], 2, 10, 3, 1.0, 500, 512, 5, false, "/usr/bin/python3", null, false, null);
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new BenchmarkException($"option {args[i]} needs a value");
                int[] List(string name) => Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Positive(name, s)).ToArray();
                o = args[i] switch
                {
                    "--cells" => o with { Cells = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => { RnnBenchmark.Kind(c); return c; }).ToArray() },
                    "--hidden" => o with { Hidden = List("--hidden") },
                    "--threads" => o with { Threads = List("--threads") },
                    "--rounds" => o with { Rounds = Positive("--rounds", Value()) },
                    "--repeats" => o with { Repeats = Positive("--repeats", Value()) },
                    "--warmup" => o with { Warmup = Positive("--warmup", Value()) },
                    "--warmup-seconds" => o with { WarmupSeconds = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ws) && ws >= 0 ? ws : throw new BenchmarkException($"--warmup-seconds expects a non-negative number, got '{args[i]}'") },
                    "--sample-tokens" => o with { SampleTokens = Positive("--sample-tokens", Value()) },
                    "--sample-hidden" => o with { SampleHidden = Positive("--sample-hidden", Value()) },
                    "--sample-repeats" => o with { SampleRepeats = Positive("--sample-repeats", Value()) },
                    "--sampling-only" => o with { SamplingOnly = true },
                    "--python" => o with { Python = Value() },
                    "--baseline" => o with { Baseline = Path.GetFullPath(Value()) },
                    "--no-pytorch" => o with { NoPyTorch = true },
                    "--csv" => o with { Csv = Path.GetFullPath(Value()) },
                    _ => throw new BenchmarkException($"unknown option '{args[i]}'"),
                };
            }
            return o;
        }

        static int Positive(string name, string s) =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v : throw new BenchmarkException($"{name} expects a positive integer, got '{s}'");
    }
}
