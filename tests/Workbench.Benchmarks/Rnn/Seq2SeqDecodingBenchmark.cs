using System.Globalization;
using Workbench.Decoding;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Tensors.Kernels;
using Workbench.TorchSharp;
using Workbench.TorchSharp.Seq2Seq;

namespace Workbench.Benchmarks;

/// <summary>
/// `decoding`: greedy and beam-search decoding of one source sentence with a translation-sized encoder-decoder (LSTM,
/// general attention with input feeding), for the workbench's batched GEMM step (<see cref="MatVec.MaxRows"/> = 0, the
/// path before the matrix-vector step), its matrix-vector step (the default) and TorchSharp (the same weights through
/// <see cref="TorchSeq2SeqModel"/>). No end token, so every run decodes the same number of steps. Each round times the
/// three one after the other; decoding steps per second, min / median over all runs.
/// </summary>
public sealed class Seq2SeqDecodingBenchmark : IBenchmark
{
    public string Name => "decoding";
    public string Description => "seq2seq greedy and beam decoding, workbench GEMM step vs matrix-vector step vs TorchSharp (options: --threads 1 --rounds 3 --repeats 3 --hidden 512 --vocab 8000 --steps 50 --beam 5)";

    public int Run(string[] args)
    {
        var opt = Options.Parse(args);
        try { TorchRuntime.EnsureLoaded(); }
        catch (TorchSharpUnavailableException e) { throw new BenchmarkException(e.Message); }
        Gemm.MaxThreads = opt.Threads;
        global::TorchSharp.torch.set_num_threads(opt.Threads);

        var config = new Seq2SeqConfig(Recurrent.CellKind.Lstm, opt.Vocab, opt.Vocab, EmbeddingDim: 128, HiddenSize: opt.Hidden,
            Attention: AttentionKind.General, InputFeeding: true, PadId: 0, BosId: 1, EosId: 2);
        var wb = new Seq2SeqModel(config, new Generator(0));
        wb.Eval();
        using var ts = TorchSeq2SeqModel.From(wb);
        ts.eval();
        var g = new Generator(1);
        int[] source = Enumerable.Range(0, 20).Select(_ => 3 + g.NextInt(opt.Vocab - 3)).ToArray();
        const int NoEnd = -1;
        var beam = new BeamOptions(Width: opt.Beam, MaxLength: opt.Steps);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seq2seq decoding of one 20-token source, LSTM H={opt.Hidden}, E=128, V={opt.Vocab}, general attention with input feeding; {opt.Steps} decoding steps (no end token); " +
            $"threads {opt.Threads}; {opt.Rounds} rounds of {opt.Repeats} timed runs per engine after one warm-up run, the engines one after the other in each round; " +
            $"decoding steps per second (a beam step advances all beams), min / median over all runs.\n"));
        Console.WriteLine("| Decoding | Workbench, GEMM step (before) | Workbench, matrix-vector step | TorchSharp | matrix-vector / GEMM step | Workbench / TorchSharp |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, isBeam) in new[] { ("greedy", false), ($"beam {opt.Beam}", true) })
        {
            void Wb() { if (isBeam) Generate.BeamSearch(wb, wb.Start(source), 1, NoEnd, beam); else Generate.Greedy(wb, wb.Start(source), 1, NoEnd, opt.Steps); }
            void Ts() { if (isBeam) Generate.BeamSearch(ts, ts.Start(source), 1, NoEnd, beam); else Generate.Greedy(ts, ts.Start(source), 1, NoEnd, opt.Steps); }
            List<double> gemm = [], matvec = [], torch = [];
            for (int round = 0; round < opt.Rounds; round++)
            {
                gemm.AddRange(EngineBenchmark.WithMatVecRows(0, () => Time(Wb, opt.Repeats)));
                matvec.AddRange(Time(Wb, opt.Repeats));
                torch.AddRange(Time(Ts, opt.Repeats));
            }
            double Med(List<double> t) => opt.Steps / RnnBenchmark.Median(t);
            string Cell(List<double> t) => string.Create(CultureInfo.InvariantCulture, $"{opt.Steps / t.Max():F0} / {Med(t):F0}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Cell(gemm)} | {Cell(matvec)} | {Cell(torch)} | {Med(matvec) / Med(gemm):F2} | {Med(matvec) / Med(torch):F2} |"));
        }
        return 0;
    }

    static List<double> Time(Action run, int repeats)
    {
        run();   // warm-up: JIT and first-call allocations
        return Timing.Measure(run, repeats, 1);
    }

    sealed record Options(int Threads, int Rounds, int Repeats, int Hidden, int Vocab, int Steps, int Beam)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(1, 3, 3, 512, 8000, 50, 5);
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                int Value() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                    ? v : throw new BenchmarkException($"option {name} needs a positive integer");
                o = name switch
                {
                    "--threads" => o with { Threads = Value() },
                    "--rounds" => o with { Rounds = Value() },
                    "--repeats" => o with { Repeats = Value() },
                    "--hidden" => o with { Hidden = Value() },
                    "--vocab" => o with { Vocab = Value() },
                    "--steps" => o with { Steps = Value() },
                    "--beam" => o with { Beam = Value() },
                    _ => throw new BenchmarkException($"unknown option '{name}'"),
                };
            }
            if (o.Vocab < 4) throw new BenchmarkException("--vocab must be at least 4");
            return o;
        }
    }
}
