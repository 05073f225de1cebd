using Workbench.Optim;
using Workbench.Seq2Seq;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Tests.Seq2Seq;

/// <summary>Copy and reverse tasks over a 10-token vocabulary: 0 pad, 1 bos, 2 eos, 3..9 symbols.</summary>
static class ToyTasks
{
    public const int Pad = 0, Bos = 1, Eos = 2, Vocab = 10;

    public static int[] Copy(int[] s) => (int[])s.Clone();
    public static int[] Reverse(int[] s) => s.Reverse().ToArray();

    public static int[] RandomSequence(Generator g, int minLen = 3, int maxLen = 6) =>
        Enumerable.Range(0, minLen + g.NextInt(maxLen - minLen + 1)).Select(_ => 3 + g.NextInt(Vocab - 3)).ToArray();

    public static List<(int[] Source, int[] Target)> Pairs(Generator g, int n, Func<int[], int[]> task) =>
        Enumerable.Range(0, n).Select(_ => RandomSequence(g)).Select(s => (s, task(s))).ToList();

    public static Seq2SeqConfig Config(Workbench.Recurrent.CellKind cell, AttentionKind attention, int hidden = 32) =>
        new(cell, Vocab, Vocab, EmbeddingDim: 16, HiddenSize: hidden, Attention: attention, PadId: Pad, BosId: Bos, EosId: Eos);

    /// <summary>Trains on fresh random batches drawn from <paramref name="seed"/>; returns the model in eval mode.</summary>
    public static Seq2SeqModel Train(Seq2SeqConfig config, Func<int[], int[]> task, int epochs, int batchesPerEpoch = 10,
        int batchSize = 32, float lr = 0.02f, long seed = 1)
    {
        var g = new Generator(seed);
        var model = new Seq2SeqModel(config, g.Fork());
        var data = g.Fork();
        var trainer = new Trainer(model, new Adam(model.Parameters(), lr), new TrainerOptions(Epochs: epochs, ClipNorm: 1f));
        trainer.Fit(_ => Enumerable.Range(0, batchesPerEpoch).Select(_ => Seq2SeqBatch.Create(Pairs(data, batchSize, task), Pad, Eos)).ToList(),
            b => model.Loss(b));
        model.Eval();
        return model;
    }

    /// <summary>Share of sources whose greedy output is exactly the expected target followed by eos.</summary>
    public static double ExactMatch(Seq2SeqModel model, IEnumerable<(int[] Source, int[] Target)> pairs) =>
        pairs.Average(p => model.Translate(p.Source, maxLength: 10).Best.Tokens.SequenceEqual(p.Target.Append(Eos)) ? 1.0 : 0.0);
}
