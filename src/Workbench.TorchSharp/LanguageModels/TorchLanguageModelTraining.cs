using Workbench.Data;
using Workbench.Decoding;
using Workbench.LanguageModels;
using Workbench.TorchSharp.Training;
using Workbench.Training;
using static TorchSharp.torch;
using LRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace Workbench.TorchSharp.LanguageModels;

/// <summary>
/// The workbench's <see cref="LanguageModelTraining"/> for <see cref="TorchLanguageModel"/>, with the same options:
/// Adam, truncated BPTT with the hidden state carried (detached) from window to window and reset each epoch,
/// validation perplexity after every epoch, an optional sample per epoch. The loop is <see cref="TorchTrainer"/>.
/// Dropout masks come from TorchSharp's generator: <c>torch.manual_seed</c> fixes them.
/// </summary>
public static class TorchLanguageModelTraining
{
    public static TrainingHistory Train(TorchLanguageModel model, LanguageModelDataset data, LanguageModelTrainingOptions options,
        Action<EpochRecord>? onEpoch = null, LRScheduler? scheduler = null, optim.Optimizer? optimizer = null,
        Action<EpochRecord, string>? onSample = null)
    {
        var opt = optimizer ?? optim.Adam(model.parameters(), options.LearningRate);
        var trainer = new TorchTrainer(model, opt, new TrainerOptions(options.Epochs, options.MaxSteps, options.ClipNorm, options.Patience), scheduler);
        var train = data.Stream("train", options.BatchSize, options.Bptt);
        var valid = data.Stream("valid", Math.Min(options.BatchSize, Math.Max(1, data.Valid.Length / (options.Bptt + 1))), options.Bptt);
        TorchLanguageModelState? state = null;
        try
        {
            return trainer.Fit(
                _ => { Replace(ref state, null); return train.Windows(); },
                w =>
                {
                    var (logits, next) = model.Forward(w.Inputs, w.BatchSize, w.Length, state?.Detach());
                    Replace(ref state, next.Detach().MoveToOuterDisposeScope());   // carried into the next window's step
                    var targets = tensor(w.Targets.Select(t => (long)t).ToArray(), ScalarType.Int64, model.Device);
                    return new TorchStepLoss(nn.functional.cross_entropy(logits.reshape(-1, model.VocabSize), targets), w.Targets.Length);
                },
                validate: () => TorchSentenceScorer.MeanNll(model, options.MaxValidWindows is int m ? valid.Windows().Take(m) : valid.Windows()),
                onEpoch: record =>
                {
                    onEpoch?.Invoke(record);
                    if (options.SampleLength > 0 && onSample is not null) onSample(record, Sample(model, data, options, record.Epoch));
                });
        }
        finally { state?.Dispose(); }
    }

    /// <summary>The carried state's previous tensors are not needed once the next window's are made: free them now.</summary>
    static void Replace(ref TorchLanguageModelState? state, TorchLanguageModelState? next)
    {
        state?.Dispose();
        state = next;
    }

    /// <summary>A seeded sample from the model in eval mode, decoded to text, starting after the stream's boundary
    /// token as every training text did.</summary>
    static string Sample(TorchLanguageModel model, LanguageModelDataset data, LanguageModelTrainingOptions options, int epoch)
    {
        var vocab = data.Field.Vocab;
        using var eval = model.EvalMode();
        var h = Generate.Sample(model, model.InitialState(), data.Boundary, vocab.EosId, options.SampleLength,
            new SamplingOptions(options.SampleTemperature, Banned: [vocab.UnkId, vocab.PadId]), new Tensors.Generator(epoch));
        return data.Field.Decode(h.Tokens);
    }
}
