using Workbench.Data;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Training;

namespace Workbench.LanguageModels;

/// <summary>Settings for training a language model on a token stream with truncated BPTT.</summary>
/// <param name="Bptt">Window length T: gradients flow back at most this many steps; the state itself is carried on.</param>
/// <param name="SampleLength">When above 0, after every epoch the model writes this many tokens (temperature
/// <paramref name="SampleTemperature"/>, seeded by the epoch number, &lt;unk&gt; banned) and the text goes to the
/// onSample callback: a periodic look at what the model has learned.</param>
public sealed record LanguageModelTrainingOptions(int BatchSize = 32, int Bptt = 35, int Epochs = 5, float LearningRate = 2e-3f,
    float? ClipNorm = 5f, long? MaxSteps = null, int? Patience = null, int? MaxValidWindows = null,
    int SampleLength = 0, double SampleTemperature = 0.8);

/// <summary>
/// Trains a <see cref="RecurrentLanguageModel"/> on a <see cref="LanguageModelDataset"/>: Adam, truncated BPTT with
/// the hidden state carried (detached) from window to window and reset each epoch, validation perplexity after
/// every epoch. The loop itself is the shared <see cref="Trainer"/>.
/// </summary>
public static class LanguageModelTraining
{
    public static TrainingHistory Train(RecurrentLanguageModel model, LanguageModelDataset data, LanguageModelTrainingOptions options,
        Action<EpochRecord>? onEpoch = null, LRScheduler? scheduler = null, Optimizer? optimizer = null,
        Action<EpochRecord, string>? onSample = null, Action<StepRecord>? onStep = null)
    {
        var opt = optimizer ?? new Adam(model.Parameters(), options.LearningRate);
        var trainer = new Trainer(model, opt, new TrainerOptions(options.Epochs, options.MaxSteps, options.ClipNorm, options.Patience), scheduler);
        var train = data.Stream("train", options.BatchSize, options.Bptt);
        var valid = data.Stream("valid", Math.Min(options.BatchSize, Math.Max(1, data.Valid.Length / (options.Bptt + 1))), options.Bptt);
        LanguageModelState? state = null;
        return trainer.Fit(
            _ => { state = null; return train.Windows(); },
            w =>
            {
                var (logits, next) = model.Forward(w.Inputs, w.BatchSize, w.Length, state?.Detach());
                state = next.MoveToOuterDisposeScope();   // carried into the next window's step
                return new StepLoss(Functional.CrossEntropy(logits.Reshape(-1, model.VocabSize), w.Targets), w.Targets.Length);
            },
            validate: () => SentenceScorer.MeanNll(model, options.MaxValidWindows is int m ? valid.Windows().Take(m) : valid.Windows()),
            onEpoch: record =>
            {
                onEpoch?.Invoke(record);
                if (options.SampleLength > 0 && onSample is not null) onSample(record, Sample(model, data, options, record.Epoch));
            },
            onStep);
    }

    /// <summary>A seeded sample from the model in eval mode, decoded to text, starting after the stream's boundary
    /// token as every training text did.</summary>
    static string Sample(RecurrentLanguageModel model, LanguageModelDataset data, LanguageModelTrainingOptions options, int epoch)
    {
        var vocab = data.Field.Vocab;
        using var eval = model.EvalMode();
        var h = Decoding.Generate.Sample(model, model.InitialState(), data.Boundary, vocab.EosId, options.SampleLength,
            new Decoding.SamplingOptions(options.SampleTemperature, Banned: [vocab.UnkId, vocab.PadId]), new Tensors.Generator(epoch));
        return data.Field.Decode(h.Tokens);
    }
}
