using Workbench.Checkpoints;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Decoding;

/// <summary>
/// Decoding after the weights change uses the new weights, for every way they change: an optimizer step, a state dict
/// or checkpoint loaded, an in-place edit through the public API. The matrix-vector step reads the parameters in
/// place and keeps no copy, so there is nothing to go stale; these tests would catch a copy (a packed cache) that
/// outlived a change. Each compares the step, after a first decode has run, with the batched path on the new weights
/// (the same bits), and checks the change was big enough to be seen.
/// </summary>
public class MatVecStepWeightChangeTests
{
    const int Vocab = 30;

    static RecurrentLanguageModel Lm(long seed, CellKind cell = CellKind.Lstm)
    {
        var m = new RecurrentLanguageModel(new LanguageModelConfig(cell, Vocab, 12, 40, NumLayers: 2), new Generator(seed));
        m.Eval();
        return m;
    }

    static readonly int[] Prompt = [4, 9, 17, 2, 25];

    /// <summary>Log-probabilities after the prompt, stepped one token at a time through <paramref name="decoder"/>.</summary>
    static float[] AfterPrompt(IStepDecoder<LanguageModelState> decoder, RecurrentLanguageModel m)
    {
        var state = m.InitialState();
        float[] lp = [];
        foreach (int t in Prompt) (lp, state) = decoder.Step(state, [t]);
        return lp;
    }

    /// <summary>Decodes once (as generation before the change would), applies <paramref name="change"/>, and checks
    /// the step now follows the new weights: it matches the batched path and differs from before.</summary>
    static void StepFollows(RecurrentLanguageModel m, Action change)
    {
        var before = AfterPrompt(m, m);
        Generate.Greedy(m, m.InitialState(), 0, -1, 10);
        change();
        var after = AfterPrompt(m, m);
        var reference = AfterPrompt(new BatchedStep.Lm(m), m);
        Assert.Equal(reference, after);   // a stale copy of any weight would differ here
        Assert.True(BatchedStep.MaxDiff(after, before) > 1e-3, "the change did not move the log-probabilities enough to be detected");
        Assert.Equal(Generate.Greedy(new BatchedStep.Lm(m), m.InitialState(), 0, -1, 20).Tokens, Generate.Greedy(m, m.InitialState(), 0, -1, 20).Tokens);
    }

    static void TrainStep(RecurrentLanguageModel m, Optimizer opt)
    {
        m.Train();
        opt.ZeroGrad();
        var ids = new[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var (logits, _) = m.Forward(ids, 2, 4);
        Functional.CrossEntropy(logits.Reshape(-1, Vocab), [2, 3, 4, 5, 6, 7, 8, 9]).Backward();
        opt.Step();
        m.Eval();
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.RnnTanh)]
    public void AfterAnAdamStep(CellKind cell)
    {
        var m = Lm(1, cell);
        var adam = new Adam(m.Parameters(), 0.05f);
        StepFollows(m, () => TrainStep(m, adam));
    }

    [Fact]
    public void AfterAnSgdStep()
    {
        var m = Lm(2);
        var sgd = new SGD(m.Parameters(), 2f, momentum: 0.9f);
        StepFollows(m, () => TrainStep(m, sgd));
    }

    [Fact]
    public void AfterLoadStateDict()
    {
        var m = Lm(3);
        var other = Lm(4);
        StepFollows(m, () => m.LoadStateDict(other.StateDict()));
        Assert.Equal(AfterPrompt(other, other), AfterPrompt(m, m));
    }

    [Fact]
    public void AfterACheckpointIsLoaded()
    {
        var m = Lm(5);
        var other = Lm(6);
        string path = Path.Combine(Path.GetTempPath(), $"matvec-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.Save(path, other);
            StepFollows(m, () => Checkpoint.Load(path, m));
        }
        finally { File.Delete(path); }
        Assert.Equal(AfterPrompt(other, other), AfterPrompt(m, m));
    }

    [Fact]
    public void AfterAnInPlaceEditOfEachWeightThroughAsSpan()
    {
        // One weight at a time, so each product of the step (W_ih and W_hh of each layer, the output layer) and each
        // bias is shown to be read afresh.
        var m = Lm(7);
        foreach (var (name, p) in m.NamedParameters().Where(p => !p.Name.StartsWith("embedding")))
            StepFollows(m, () =>
            {
                var span = p.AsSpan();
                for (int i = 0; i < span.Length; i++) span[i] = span[i] * 3f + (i % 7 == 0 ? 0.5f : 0f);
            });
    }

    [Fact]
    public void AfterAnInPlaceEditThroughTheIndexer()
    {
        var m = Lm(8);
        StepFollows(m, () => { for (int v = 0; v < Vocab; v++) m.Fc.Bias![v] = v % 3 == 0 ? 4f : -4f; });
    }

    [Fact]
    public void Seq2SeqAfterAnAdamStepAndALoadedStateDict()
    {
        var config = new Seq2SeqConfig(CellKind.Lstm, 20, 20, 8, 24, Attention: AttentionKind.General, InputFeeding: true, PadId: 0, BosId: 1, EosId: 2);
        var m = new Seq2SeqModel(config, new Generator(9));
        m.Eval();
        int[] src = [5, 6, 7, 8];
        float[] Next(IStepDecoder<Seq2SeqState> d)
        {
            var state = m.Start(src);
            float[] lp = [];
            foreach (int t in new[] { 1, 5, 9 }) (lp, state) = d.Step(state, [t]);
            return lp;
        }
        var before = Next(m);
        var adam = new Adam(m.Parameters(), 0.05f);
        m.Train();
        m.Loss(Seq2SeqBatch.Create([(src, new[] { 8, 7, 6, 5 })], 0, 2)).Loss.Backward();
        adam.Step();
        m.Eval();
        var afterAdam = Next(m);
        Assert.Equal(Next(new BatchedStep.Seq2Seq(m)), afterAdam);
        Assert.True(BatchedStep.MaxDiff(afterAdam, before) > 1e-3);

        var other = new Seq2SeqModel(config, new Generator(10));
        m.LoadStateDict(other.StateDict());
        var afterLoad = Next(m);
        Assert.Equal(Next(new BatchedStep.Seq2Seq(m)), afterLoad);
        Assert.True(BatchedStep.MaxDiff(afterLoad, afterAdam) > 1e-3);
    }
}
