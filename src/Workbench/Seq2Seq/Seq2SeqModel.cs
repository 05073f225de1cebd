using Workbench.Data;
using Workbench.Decoding;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Tensors;
using Workbench.Training;

namespace Workbench.Seq2Seq;

/// <summary>
/// An encoder-decoder over RNN, GRU or LSTM cells (Sutskever et al., 2014; Cho et al., 2014) with optional
/// attention (Bahdanau et al., 2015; Luong et al., 2015). The encoder reads the source (optionally backwards,
/// optionally in both directions); its final states initialise the decoder (through a <see cref="Bridge"/> when
/// bidirectional); the decoder predicts the target one token at a time. Submodules: encoder, bridge, decoder, so
/// parameter names read encoder.rnn.weight_ih_l0, decoder.attention.W_q.weight and so on. It is a step decoder, so
/// greedy, sampling and beam search from Workbench.Decoding drive it unchanged.
/// </summary>
public sealed class Seq2SeqModel : Module<Seq2SeqBatch, Seq2SeqOutput>, IStepDecoder<Seq2SeqState>
{
    public Seq2SeqConfig Config { get; }
    public Encoder Encoder { get; }
    public Bridge? Bridge { get; }
    public RecurrentDecoder Decoder { get; }

    public Seq2SeqModel(Seq2SeqConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        Encoder = RegisterModule("encoder", new Encoder(config.ForEncoder(), generator));
        if (config.Bidirectional) Bridge = RegisterModule("bridge", new Bridge(config.HiddenSize, config.Cell.HasCellState(), generator));
        Decoder = RegisterModule("decoder", new RecurrentDecoder(config.ForDecoder(), generator));
    }

    public int VocabSize => Config.TargetVocabSize;

    /// <summary>Encodes a source batch into the decoder's initial state.</summary>
    public Seq2SeqState Encode(SequenceBatch source)
    {
        var encoded = Encoder.Forward(source);
        var (h, c) = Bridge is null ? (encoded.HN, encoded.CN) : Bridge.Forward(encoded.HN, encoded.CN);
        return Decoder.InitialState(h, c, encoded.Output, source.Lengths);
    }

    /// <summary>Teacher-forced training pass: the decoder always gets the gold previous token.</summary>
    public override Seq2SeqOutput Forward(Seq2SeqBatch batch) => Forward(batch, 1.0);

    /// <summary>
    /// Training pass. With <paramref name="teacherForcingRatio"/> 1 the decoder always gets the gold previous
    /// token; below 1, each row at each step gets the gold token with that probability and otherwise the model's
    /// own greedy prediction from the step before, the coin drawn from <paramref name="generator"/> (required
    /// when 0 &lt; ratio &lt; 1). With ratio 0 the decoder always runs on its own predictions.
    /// </summary>
    public Seq2SeqOutput Forward(Seq2SeqBatch batch, double teacherForcingRatio, Generator? generator = null)
    {
        TeacherForcing.CheckForward(batch, teacherForcingRatio, generator);
        var state = Encode(batch.Source);
        var logits = new List<Tensor>();
        var attention = new List<Tensor>();
        var inputs = TeacherForcing.Unroll(batch.Target, Config.BosId, teacherForcingRatio, generator,
            block =>
            {
                Tensor blockLogits;
                (blockLogits, state) = Decoder.Forward(block, state);
                logits.Add(blockLogits);
                if (state.AttentionWeights is not null) attention.Add(state.AttentionWeights);
            },
            () => logits[^1].Select(1, logits[^1].Size(1) - 1).ArgmaxIndices(-1));
        return new Seq2SeqOutput(Cat(logits)!, Cat(attention), inputs);
    }

    static Tensor? Cat(List<Tensor> blocks) => blocks.Count switch { 0 => null, 1 => blocks[0], _ => Tensor.Cat(blocks, 1) };

    /// <summary>Mean cross-entropy per target token (padding ignored), for <see cref="Trainer"/>.</summary>
    public StepLoss Loss(Seq2SeqBatch batch, double teacherForcingRatio = 1.0, Generator? generator = null)
    {
        var logits = Forward(batch, teacherForcingRatio, generator).Logits;
        var loss = Functional.CrossEntropy(logits.Reshape(-1, VocabSize), batch.Target.Ids, ignoreIndex: Config.PadId);
        return new StepLoss(loss, batch.TargetTokens);
    }

    /// <summary>The decoding start state for one source sentence (no gradients).</summary>
    public Seq2SeqState Start(int[] source)
    {
        using var _ = new Autograd.NoGrad();
        return Encode(SequenceBatch.Pad([source], Config.PadId));
    }

    /// <summary>One decoding step: next-token log-probabilities per row [rows * V]. A few rows (one hypothesis, small
    /// beams; <see cref="Tensors.Kernels.MatVec.MaxRows"/>) in eval mode (or without dropout) take the matrix-vector
    /// path (<see cref="DecoderStep"/>), with the same bits as the decoder's Forward.</summary>
    public (float[] LogProbs, Seq2SeqState State) Step(Seq2SeqState state, int[] tokens)
    {
        using var _ = new Autograd.NoGrad();
        if (tokens.Length != state.BatchSize)
            throw new ArgumentException($"seq2seq: {tokens.Length} tokens for a state of {state.BatchSize} rows.", nameof(tokens));
        if (DecoderStep.Applies(Decoder, tokens.Length))
        {
            var (rowLogits, after) = DecoderStep.Run(Decoder, tokens, state);
            return (new Tensor(rowLogits, [tokens.Length, VocabSize]).LogSoftmax(-1).ToArray(), after);
        }
        var (logits, next) = Decoder.Forward(SequenceBatch.OneStep(tokens, Config.PadId), state);
        return (logits.LogSoftmax(-1).ToArray(), next);
    }

    public Seq2SeqState Select(Seq2SeqState state, int[] rows) => state.Select(rows);

    /// <summary>
    /// Decodes one source sentence: greedy when <paramref name="beam"/> is null, otherwise beam search with its
    /// settings. For an attention model the result carries the best hypothesis' attention matrix. Call
    /// <see cref="Module.Eval"/> first if the model has dropout.
    /// </summary>
    public Translation Translate(int[] source, BeamOptions? beam = null, int maxLength = 50) =>
        Translator.Translate(this, Start(source), Config, beam, maxLength, Decoder.Attention is null ? null : t => Align(source, t)!);

    /// <summary>
    /// The attention matrix [|target|, |source|] when the decoder is fed <paramref name="target"/>: row i holds the
    /// weights used to predict target[i], columns follow the source in its original order (also when the model
    /// reads it reversed). Null for a model without attention.
    /// </summary>
    public float[,]? Align(int[] source, int[] target) => Decoder.Attention is null ? null
        : Translator.Align(this, Start(source), Config, source.Length, target, s => s.AttentionWeights!.ToArray());

    protected override string ExtraRepr() => $"cell={Config.Cell}, attention={Config.Attention}";
}
