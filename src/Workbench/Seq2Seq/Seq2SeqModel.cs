using Workbench.Data;
using Workbench.Decoding;
using Workbench.NN;
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
public sealed class Seq2SeqModel : Module, IStepDecoder<Seq2SeqState>
{
    public Seq2SeqConfig Config { get; }
    public Encoder Encoder { get; }
    public Bridge? Bridge { get; }
    public RecurrentDecoder Decoder { get; }

    public Seq2SeqModel(Seq2SeqConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        var c = config;
        Encoder = RegisterModule("encoder", new Encoder(c.Cell, c.SourceVocabSize, c.EmbeddingDim, c.HiddenSize, c.NumLayers,
            c.Bidirectional, c.ReverseSource, c.Dropout, c.PadId, generator));
        if (c.Bidirectional) Bridge = RegisterModule("bridge", new Bridge(c.HiddenSize, Recurrent.CellKindExtensions.HasCellState(c.Cell), generator));
        Decoder = RegisterModule("decoder", new RecurrentDecoder(c.Cell, c.TargetVocabSize, c.EmbeddingDim, c.HiddenSize, c.NumLayers,
            c.Attention, Encoder.OutputSize, c.AttentionSize > 0 ? c.AttentionSize : c.HiddenSize, c.InputFeeding, c.Dropout, c.PadId, generator));
    }

    public int VocabSize => Config.TargetVocabSize;

    /// <summary>Encodes a source batch into the decoder's initial state.</summary>
    public Seq2SeqState Encode(SequenceBatch source)
    {
        var r = Encoder.Forward(source);
        var (h, c) = Bridge is null ? (r.HN, r.CN) : Bridge.Forward(r.HN, r.CN);
        return new Seq2SeqState(h, c, null, Decoder.Attention?.Prepare(r.Output, source.Lengths), null);
    }

    /// <summary>
    /// Training pass. With <paramref name="teacherForcingRatio"/> 1 the decoder always gets the gold previous
    /// token; below 1, each row at each step gets the gold token with that probability and otherwise the model's
    /// own greedy prediction from the step before, the coin drawn from <paramref name="generator"/> (required
    /// when 0 &lt; ratio &lt; 1). With ratio 0 the decoder always runs on its own predictions.
    /// </summary>
    public Seq2SeqOutput Forward(Seq2SeqBatch batch, double teacherForcingRatio = 1.0, Generator? generator = null)
    {
        TeacherForcing.Check(teacherForcingRatio, nameof(teacherForcingRatio));
        if (teacherForcingRatio is > 0 and < 1 && generator is null)
            throw new ArgumentNullException(nameof(generator), $"seq2seq: teacher forcing ratio {teacherForcingRatio} draws coins; pass a Generator so runs are reproducible.");
        if (batch.Target.BatchSize != batch.Source.BatchSize)
            throw new ArgumentException($"seq2seq: batch has {batch.Source.BatchSize} sources but {batch.Target.BatchSize} targets.", nameof(batch));
        var state = Encode(batch.Source);
        var target = batch.Target;
        int b = target.BatchSize, ty = target.Length;
        var inputs = new int[b * ty];
        for (int r = 0; r < b; r++)
        {
            inputs[r * ty] = Config.BosId;
            Array.Copy(target.Ids, r * ty, inputs, r * ty + 1, ty - 1);
        }
        if (teacherForcingRatio >= 1 && !Decoder.InputFeeding)
        {   // every input is known in advance: one pass over the whole target
            var o = Decoder.Forward(inputs, b, ty, state.H, state.C, null, state.Memory);
            return new Seq2SeqOutput(o.Logits, o.Attention, inputs);
        }
        var logits = new List<Tensor>(); var attention = new List<Tensor>();
        int[]? predicted = null;
        var (h, c, feed) = (state.H, state.C, (Tensor?)null);
        for (int t = 0; t < ty; t++)
        {
            var tokens = new int[b];
            for (int r = 0; r < b; r++)
            {
                bool gold = t == 0 || teacherForcingRatio >= 1 || (teacherForcingRatio > 0 && generator!.NextDouble() < teacherForcingRatio);
                tokens[r] = inputs[r * ty + t] = gold ? inputs[r * ty + t] : predicted![r];
            }
            var o = Decoder.Forward(tokens, b, 1, h, c, feed, state.Memory);
            (h, c, feed) = (o.H, o.C, o.Feed);
            logits.Add(o.Logits);
            if (o.Attention is not null) attention.Add(o.Attention);
            predicted = o.Logits.ArgmaxIndices(-1);
        }
        return new Seq2SeqOutput(Tensor.Cat(logits, 1), attention.Count > 0 ? Tensor.Cat(attention, 1) : null, inputs);
    }

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

    /// <summary>One decoding step: next-token log-probabilities per row [rows * V].</summary>
    public (float[] LogProbs, Seq2SeqState State) Step(Seq2SeqState state, int[] tokens)
    {
        using var _ = new Autograd.NoGrad();
        if (tokens.Length != state.H.Size(1))
            throw new ArgumentException($"seq2seq: {tokens.Length} tokens for a state of {state.H.Size(1)} rows.", nameof(tokens));
        var o = Decoder.Forward(tokens, tokens.Length, 1, state.H, state.C, state.Feed, state.Memory);
        return (o.Logits.LogSoftmax(-1).ToArray(), new Seq2SeqState(o.H, o.C, o.Feed, state.Memory, o.Attention?.Squeeze(1)));
    }

    public Seq2SeqState Select(Seq2SeqState state, int[] rows) => state.Select(rows);

    /// <summary>
    /// Decodes one source sentence: greedy when <paramref name="beam"/> is null, otherwise beam search with its
    /// settings. For an attention model the result carries the best hypothesis' attention matrix. Call
    /// <see cref="Module.Eval"/> first if the model has dropout.
    /// </summary>
    public Translation Translate(int[] source, BeamOptions? beam = null, int maxLength = 50)
    {
        var start = Start(source);
        IReadOnlyList<Hypothesis> hyps = beam is null
            ? [Workbench.Decoding.Generate.Greedy(this, start, Config.BosId, Config.EosId, maxLength)]
            : Workbench.Decoding.Generate.BeamSearch(this, start, Config.BosId, Config.EosId, beam);
        return new Translation(hyps, Decoder.Attention is null ? null : Align(source, hyps[0].Tokens));
    }

    /// <summary>
    /// The attention matrix [|target|, |source|] when the decoder is fed <paramref name="target"/>: row i holds the
    /// weights used to predict target[i], columns follow the source in its original order (also when the model
    /// reads it reversed). Null for a model without attention.
    /// </summary>
    public float[,]? Align(int[] source, int[] target)
    {
        if (Decoder.Attention is null) return null;
        var state = Start(source);
        var m = new float[target.Length, source.Length];
        int prev = Config.BosId;
        for (int i = 0; i < target.Length; i++)
        {
            (_, state) = Step(state, [prev]);
            var w = state.Attention!.Values;
            for (int j = 0; j < source.Length; j++)
                m[i, j] = w[Config.ReverseSource ? source.Length - 1 - j : j];
            prev = target[i];
        }
        return m;
    }

    protected override string ExtraRepr() => $"cell={Config.Cell}, attention={Config.Attention}";
}
