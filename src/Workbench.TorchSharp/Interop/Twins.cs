using Workbench.Heads;
using Workbench.LanguageModels;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Heads;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Seq2Seq;
using static TorchSharp.torch;
using WbModule = Workbench.NN.Module;

namespace Workbench.TorchSharp.Interop;

/// <summary>
/// Every workbench model family and its TorchSharp twin: the language model, the encoder-decoder, the tagger and the
/// classifier. A model moves to the other engine with its configuration and weights (same state-dict names).
/// </summary>
public static class Twins
{
    /// <summary>The TorchSharp twin of a workbench model, on <paramref name="device"/>.</summary>
    public static nn.Module ToTorch(WbModule model, string device = "cpu") => model switch
    {
        RecurrentLanguageModel m => TorchLanguageModel.From(m, device),
        Seq2SeqModel m => TorchSeq2SeqModel.From(m, device),
        SequenceTagger m => TorchSequenceTagger.From(m, device),
        SequenceClassifier m => TorchSequenceClassifier.From(m, device),
        null => throw new ArgumentNullException(nameof(model)),
        _ => throw new ArgumentException($"{model.GetType().Name} has no TorchSharp twin; the twins are {Families}.", nameof(model)),
    };

    /// <summary>The workbench twin of a TorchSharp model of this library, or null for any other torch module.</summary>
    public static WbModule? ToWorkbench(nn.Module model) => model switch
    {
        TorchLanguageModel m => m.ToWorkbench(),
        TorchSeq2SeqModel m => m.ToWorkbench(),
        TorchSequenceTagger m => m.ToWorkbench(),
        TorchSequenceClassifier m => m.ToWorkbench(),
        _ => null,
    };

    const string Families = "RecurrentLanguageModel -> TorchLanguageModel, Seq2SeqModel -> TorchSeq2SeqModel, " +
                            "SequenceTagger -> TorchSequenceTagger, SequenceClassifier -> TorchSequenceClassifier";
}
