using TorchSharp;
using Workbench.Data;
using Workbench.Decoding;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Training;
using static TorchSharp.torch;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Seq2Seq;

/// <summary>What a training forward pass returns: logits [B, T_y, V], attention weights [B, T_y, T_x] (source in the
/// order the encoder read it; null without attention) and the tokens fed to the decoder (<see cref="Seq2SeqOutput"/>).</summary>
public sealed record TorchSeq2SeqOutput(Tensor Logits, Tensor? AttentionWeights, int[] DecoderInputs);

/// <summary>
/// The workbench's <see cref="Seq2SeqModel"/> as a TorchSharp module: an encoder (optionally deep, bidirectional and
/// reading the source backwards), a bridge for a bidirectional encoder's states, and a decoder with additive, dot or
/// general attention and optional input feeding. Same <see cref="Seq2SeqConfig"/>, same submodules (encoder, bridge,
/// decoder) and so the same state-dict names (encoder.rnn.weight_ih_l0_reverse, decoder.attention.W_q.weight, ...): a
/// state dict or checkpoint moves between the engines and PyTorch unchanged. Teacher forcing draws its coins in the
/// workbench's order (<see cref="TeacherForcing.Unroll"/>), so the same generator feeds both engines the same tokens.
/// It is a step decoder, so <see cref="Generate"/>'s greedy, sampling and beam search drive it as they drive the
/// workbench model.
/// </summary>
public sealed class TorchSeq2SeqModel : nn.Module, IStepDecoder<TorchSeq2SeqState>
{
    readonly TorchEncoder encoder;
    readonly TorchBridge? bridge;
    readonly TorchRecurrentDecoder decoder;

    public Seq2SeqConfig Config { get; }
    public Device Device { get; }
    public int VocabSize => Config.TargetVocabSize;
    public TorchEncoder Encoder => encoder;
    public TorchRecurrentDecoder Decoder => decoder;

    /// <summary>A new model. Its weights are drawn as the workbench's are (the same <paramref name="generator"/> seed
    /// gives the same initial weights in both engines); <paramref name="device"/> is "cpu" or "cuda".</summary>
    public TorchSeq2SeqModel(Seq2SeqConfig config, Generator? generator = null, string device = "cpu")
        : this(new Seq2SeqModel(config, generator), device) { }

    TorchSeq2SeqModel(Seq2SeqModel source, string device) : base(TorchRuntime.Loaded(nameof(TorchSeq2SeqModel)))
    {
        Config = source.Config;
        register_module("encoder", encoder = new TorchEncoder(source.Encoder));
        if (source.Bridge is not null) register_module("bridge", bridge = new TorchBridge(source.Bridge));
        register_module("decoder", decoder = new TorchRecurrentDecoder(source.Decoder));
        Weights.Copy(source, this);
        Device = TorchDevice.Parse(device);
        this.to(Device);
    }

    /// <summary>The workbench model's configuration and weights, on <paramref name="device"/>.</summary>
    public static TorchSeq2SeqModel From(Seq2SeqModel model, string device = "cpu") => new(model, device);

    /// <summary>A workbench model with this configuration and these weights.</summary>
    public Seq2SeqModel ToWorkbench()
    {
        var model = new Seq2SeqModel(Config, new Generator(0));   // its initial draw is overwritten
        Weights.Copy(this, model);
        return model;
    }

    /// <summary>Encodes a source batch into the decoder's initial state.</summary>
    public TorchSeq2SeqState Encode(SequenceBatch source)
    {
        var encoded = encoder.Forward(source);
        var (h, c) = bridge is null ? (encoded.HN, encoded.CN) : bridge.call(encoded.HN, encoded.CN);
        return decoder.InitialState(h, c, encoded.Output, source.Lengths);
    }

    /// <summary>
    /// Training pass, as <see cref="Seq2SeqModel.Forward(Seq2SeqBatch, double, Generator?)"/>: with
    /// <paramref name="teacherForcingRatio"/> 1 the decoder always reads the gold previous token; below 1 each row at
    /// each step reads it with that probability and its own greedy prediction otherwise, the coins drawn from
    /// <paramref name="generator"/> (required when 0 &lt; ratio &lt; 1).
    /// </summary>
    public TorchSeq2SeqOutput Forward(Seq2SeqBatch batch, double teacherForcingRatio = 1.0, Generator? generator = null)
    {
        TeacherForcing.CheckForward(batch, teacherForcingRatio, generator);
        var state = Encode(batch.Source);
        var logits = new List<Tensor>();
        var attention = new List<Tensor>();
        var inputs = TeacherForcing.Unroll(batch.Target, Config.BosId, teacherForcingRatio, generator,
            block =>
            {
                Tensor blockLogits;
                (blockLogits, state) = decoder.call(block, state);
                logits.Add(blockLogits);
                if (state.AttentionWeights is not null) attention.Add(state.AttentionWeights);
            },
            () => LastArgmax(logits[^1]));
        return new TorchSeq2SeqOutput(TorchRecurrentDecoder.Join(logits)!, TorchRecurrentDecoder.Join(attention), inputs);
    }

    static int[] LastArgmax(Tensor logits)
    {
        using var best = logits.select(1, -1).argmax(-1).cpu();
        return best.data<long>().ToArray().Select(v => (int)v).ToArray();
    }

    /// <summary>Mean cross-entropy per target token (padding ignored), for <see cref="TorchTrainer"/>.</summary>
    public TorchStepLoss Loss(Seq2SeqBatch batch, double teacherForcingRatio = 1.0, Generator? generator = null)
    {
        var logits = Forward(batch, teacherForcingRatio, generator).Logits;
        using var targets = tensor(batch.Target.Ids.Select(t => (long)t).ToArray(), ScalarType.Int64, Device);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, VocabSize), targets, ignore_index: Config.PadId);
        return new TorchStepLoss(loss, batch.TargetTokens);
    }

    /// <summary>The decoding start state for one source sentence (no gradients).</summary>
    public TorchSeq2SeqState Start(int[] source)
    {
        using var noGrad = no_grad();
        return Encode(SequenceBatch.Pad([source], Config.PadId));
    }

    /// <summary>One decoding step: next-token log-probabilities per row [rows * V], copied to the CPU.</summary>
    public (float[] LogProbs, TorchSeq2SeqState State) Step(TorchSeq2SeqState state, int[] tokens)
    {
        if (tokens.Length != state.BatchSize)
            throw new ArgumentException($"seq2seq: {tokens.Length} tokens for a state of {state.BatchSize} rows.", nameof(tokens));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logits, next) = decoder.call(SequenceBatch.OneStep(tokens, Config.PadId), state);
        return (logits.log_softmax(-1).ToFloatArray(), next.MoveToOuterDisposeScope());
    }

    public TorchSeq2SeqState Select(TorchSeq2SeqState state, int[] rows) => state.Select(rows);

    /// <summary>Decodes one source sentence: greedy when <paramref name="beam"/> is null, else beam search; for an
    /// attention model with the best hypothesis' attention matrix. Call <c>eval()</c> first if the model has dropout.</summary>
    public Translation Translate(int[] source, BeamOptions? beam = null, int maxLength = 50) =>
        Translator.Translate(this, Start(source), Config, beam, maxLength, decoder.Attention is null ? null : t => Align(source, t)!);

    /// <summary>The attention matrix [|target|, |source|] when the decoder is fed <paramref name="target"/>, columns in
    /// the source's original order (<see cref="Seq2SeqModel.Align"/>); null for a model without attention.</summary>
    public float[,]? Align(int[] source, int[] target) => decoder.Attention is null ? null
        : Translator.Align(this, Start(source), Config, source.Length, target, s => s.AttentionWeights!.ToFloatArray());
}
