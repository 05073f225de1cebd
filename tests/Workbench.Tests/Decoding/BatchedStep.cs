using Workbench.Data;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.Seq2Seq;

namespace Workbench.Tests.Decoding;

/// <summary>The reference for the matrix-vector decoding step: the same models stepped through their batched
/// Forward (GEMM, the path training uses), whatever the number of rows. Step tests compare against these.</summary>
static class BatchedStep
{
    public sealed class Lm(RecurrentLanguageModel m) : IStepDecoder<LanguageModelState>
    {
        public int VocabSize => m.VocabSize;
        public (float[] LogProbs, LanguageModelState State) Step(LanguageModelState state, int[] tokens)
        {
            using var _ = new Workbench.Autograd.NoGrad();
            var (logits, next) = m.Forward(tokens, tokens.Length, 1, state);
            return (logits.LogSoftmax(-1).ToArray(), next);
        }
        public LanguageModelState Select(LanguageModelState state, int[] rows) => state.Select(rows);
    }

    public sealed class Seq2Seq(Seq2SeqModel m) : IStepDecoder<Seq2SeqState>
    {
        public int VocabSize => m.VocabSize;
        public (float[] LogProbs, Seq2SeqState State) Step(Seq2SeqState state, int[] tokens)
        {
            using var _ = new Workbench.Autograd.NoGrad();
            var (logits, next) = m.Decoder.Forward(SequenceBatch.OneStep(tokens, m.Config.PadId), state);
            return (logits.LogSoftmax(-1).ToArray(), next);
        }
        public Seq2SeqState Select(Seq2SeqState state, int[] rows) => state.Select(rows);
    }

    /// <summary>Largest |a - b| over two arrays of the same length.</summary>
    public static double MaxDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs((double)a[i] - b[i]));
        return m;
    }
}
