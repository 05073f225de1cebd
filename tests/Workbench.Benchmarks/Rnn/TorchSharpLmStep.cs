using System.Diagnostics;
using Workbench.LanguageModels;
using Workbench.TorchSharp.LanguageModels;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;
using Parameter = TorchSharp.Modules.Parameter;

namespace Workbench.Benchmarks;

/// <summary>The rnn benchmark's training step on the TorchSharp engine: the same model (<see cref="TorchLanguageModel"/>
/// with the workbench's initial weights), the same shapes and data, Adam, clipping at 5.0; each step inside a dispose
/// scope, as TorchSharp training loops (and the workbench's TorchTrainer) run it.</summary>
sealed class TorchSharpLmStep : IDisposable
{
    readonly TorchLanguageModel model;
    readonly Parameter[] parameters;
    readonly optim.Optimizer adam;
    readonly Tensor x, y;

    public TorchSharpLmStep(string cell, int hidden)
    {
        var gen = new Generator(0);
        model = new TorchLanguageModel(new LanguageModelConfig(RnnBenchmark.Kind(cell), RnnBenchmark.Vocab, RnnBenchmark.Embed, hidden), gen);
        parameters = model.parameters().ToArray();
        adam = optim.Adam(parameters, 1e-3);
        int tokens = RnnBenchmark.Tokens;
        x = tensor(Enumerable.Range(0, tokens).Select(_ => (long)gen.NextInt(RnnBenchmark.Vocab)).ToArray(), [RnnBenchmark.Batch, RnnBenchmark.SeqLen]);
        y = tensor(Enumerable.Range(0, tokens).Select(_ => (long)gen.NextInt(RnnBenchmark.Vocab)).ToArray());
    }

    void Step()
    {
        using var scope = NewDisposeScope();
        adam.zero_grad();
        var (logits, _) = model.forward(x);
        nn.functional.cross_entropy(logits.reshape(-1, RnnBenchmark.Vocab), y).backward();
        nn.utils.clip_grad_norm_(parameters, 5.0);
        adam.step();
    }

    /// <summary>Seconds per step for each of <paramref name="repeats"/> steps after the warm-up (as <see cref="RnnBenchmark.LmStep.Measure"/>).</summary>
    public List<double> Measure(int warmup, double warmupSeconds, int repeats)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmup || clock.Elapsed.TotalSeconds < warmupSeconds; i++) Step();
        return Timing.Measure(Step, repeats, 1);
    }

    public void Dispose()
    {
        x.Dispose();
        y.Dispose();
        model.Dispose();
    }
}
