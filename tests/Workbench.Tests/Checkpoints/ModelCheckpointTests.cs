using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Heads;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Checkpoints;

/// <summary>Checkpoint.LoadModel rebuilds every model family from the file alone; weights-only files (PyTorch's)
/// still load into a model the caller builds.</summary>
public class ModelCheckpointTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-model-ckpt-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);
    string P(string name) => Path.Combine(dir, name);

    static readonly string[] Texts = ["the cat sat", "a dog ran far", "cats and dogs", "zebra quartz"];
    static TextField CharField() => Datasets.FieldBuilder(TokenLevel.Char)(Texts);
    static TextField TagField() => Datasets.SpaceFieldBuilder()(["O B-PER I-PER", "B-LOC O"]);

    static void SameWeights(Module a, Module b)
    {
        var sa = a.StateDict(); var sb = b.StateDict();
        Assert.Equal(sa.Keys, sb.Keys);
        foreach (var (k, v) in sa)
        {
            Assert.Equal(v.Shape, sb[k].Shape);
            Assert.True(v.ToArray().SequenceEqual(sb[k].ToArray()), $"{k} differs");
        }
    }

    /// <summary>Saves, rebuilds with LoadModel (a different generator, so only the file can make them equal), and
    /// compares config, weights, outputs and fields.</summary>
    (TModel Model, CheckpointInfo Info) RoundTrip<TModel>(TModel model, ModelFields fields, string name) where TModel : Module
    {
        var path = P(name + ".safetensors");
        Checkpoint.Save(path, model, fields);
        var (back, info) = Checkpoint.LoadModel(path, new Generator(999));
        var typed = Assert.IsType<TModel>(back);
        Assert.Equal(ModelFamily.Of(model), info.Family);
        Assert.Equal(info.Family.ConfigOf(model), info.Config);   // record equality: every field
        SameWeights(model, typed);
        Assert.Equal(fields.Source.Vocab.Fingerprint, info.Fields!.Source.Vocab.Fingerprint);
        Assert.Equal(fields.Source.Tokenizer.Type, info.Fields.Source.Tokenizer.Type);
        Assert.Equal(fields.Target?.Vocab.Fingerprint, info.Fields.Target?.Vocab.Fingerprint);
        Assert.Equal(fields.Labels, info.Fields.Labels);
        return (typed, info);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2, 0.1f)]
    [InlineData(CellKind.Gru, 1, 0f)]
    [InlineData(CellKind.RnnRelu, 3, 0.25f)]
    public void ALanguageModelComesBackFromTheFileAlone(CellKind cell, int layers, float dropout)
    {
        var field = CharField();
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(cell, field.Vocab.Count, 6, 9, layers, dropout), new Generator(1));
        var (back, _) = RoundTrip(lm, new ModelFields(field), $"lm-{cell}");
        lm.Eval(); back.Eval();
        var ids = field.Encode("the zebra");
        Assert.Equal(lm.Forward(ids, 1, ids.Length).Logits.ToArray(), back.Forward(ids, 1, ids.Length).Logits.ToArray());
    }

    [Theory]
    [InlineData(CellKind.Gru, true, AttentionKind.Additive, true, false)]
    [InlineData(CellKind.Lstm, false, AttentionKind.Dot, false, true)]
    [InlineData(CellKind.RnnTanh, false, AttentionKind.None, false, false)]
    public void ASeq2SeqModelComesBackWithBothFields(CellKind cell, bool bidirectional, AttentionKind attention, bool inputFeeding, bool reverse)
    {
        var src = CharField(); var tgt = TagField();
        var cfg = new Seq2SeqConfig(cell, src.Vocab.Count, tgt.Vocab.Count, 5, 8, 2, bidirectional, attention, InputFeeding: inputFeeding, ReverseSource: reverse);
        var model = new Seq2SeqModel(cfg, new Generator(2));
        var (back, info) = RoundTrip(model, new ModelFields(src, tgt), $"s2s-{cell}-{attention}");
        Assert.Equal(cfg, info.Config);
        var batch = Seq2SeqBatch.Create([(src.Encode("cat"), tgt.Encode("O B-PER")), (src.Encode("a dog"), tgt.Encode("B-LOC"))], 0, 3);
        Assert.Equal(model.Forward(batch).Logits.ToArray(), back.Forward(batch).Logits.ToArray());
    }

    [Theory]
    [InlineData(CellKind.Lstm, true, 1)]
    [InlineData(CellKind.Gru, false, 2)]
    public void ATaggerComesBackWithItsTagSet(CellKind cell, bool bidirectional, int layers)
    {
        var words = Datasets.SpaceFieldBuilder()(["john lives in paris", "mary met john"]); var tags = TagField();
        var tagger = new SequenceTagger(new SequenceTaggerConfig(cell, words.Vocab.Count, tags.Vocab.Count, 4, 6, layers, bidirectional, Dropout: 0.2f), new Generator(3));
        var (back, info) = RoundTrip(tagger, new ModelFields(words, tags), $"tagger-{cell}");
        Assert.Equal(new SequenceTaggerConfig(cell, words.Vocab.Count, tags.Vocab.Count, 4, 6, layers, bidirectional, 0, 0.2f), info.Config);
        var x = SequenceBatch.Pad([words.Encode("john met mary"), words.Encode("paris")], 0);
        tagger.Eval(); back.Eval();   // dropout 0.2 draws in training mode
        Assert.Equal(tagger.Forward(x).ToArray(), back.Forward(x).ToArray());
    }

    [Theory]
    [InlineData(Pooling.Mean, true)]
    [InlineData(Pooling.Final, false)]
    public void AClassifierComesBackWithItsLabels(Pooling pooling, bool bidirectional)
    {
        var words = Datasets.SpaceFieldBuilder()(["good film", "bad film", "great"]);
        string[] labels = ["negative", "positive", "neutral"];
        var clf = new SequenceClassifier(new SequenceClassifierConfig(CellKind.Gru, words.Vocab.Count, 3, 4, 5, 1, bidirectional, pooling), new Generator(4));
        var (back, info) = RoundTrip(clf, new ModelFields(words, Labels: labels), $"clf-{pooling}");
        Assert.Equal(pooling, ((SequenceClassifierConfig)info.Config).Pooling);
        var x = SequenceBatch.Pad([words.Encode("good film"), words.Encode("bad")], 0);
        Assert.Equal(clf.Forward(x).ToArray(), back.Forward(x).ToArray());
    }

    [Fact]
    public void ADatasetConvertsToItsFieldsAndTheCheckpointRecordsWhatItWasTrainedOn()
    {
        var data = Datasets.Copy(count: 60, seed: 1);
        var model = new Seq2SeqModel(Seq2SeqTraining.ConfigFor(data, CellKind.Gru) with { HiddenSize = 6, EmbeddingDim = 4 }, new Generator(5));
        var path = P("copy.safetensors");
        var trainedOn = new TrainingData("copy", new DataFile("copy.tsv", 123, new string('a', 64)));
        Checkpoint.Save(path, model, data, metadata: new Dictionary<string, string> { [TrainingData.Key] = trainedOn.ToJson() });
        var (back, info) = Checkpoint.LoadModel<Seq2SeqModel>(path);
        Assert.Equal(data.Target!.Vocab.Fingerprint, info.RequireFields().Target!.Vocab.Fingerprint);
        Assert.Equal(trainedOn, info.Data);
        Assert.Equal(model.Config, back.Config);
    }

    [Fact]
    public void FieldsThatDoNotFitTheModelAreRefusedOnSave()
    {
        var field = CharField();
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Gru, field.Vocab.Count + 1, 4, 4), new Generator(1));
        var ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(P("x.safetensors"), lm, new ModelFields(field)));
        Assert.Contains($"has {field.Vocab.Count + 1} entries but the field's has {field.Vocab.Count}", ex.Message);
        Assert.False(File.Exists(P("x.safetensors")));
    }

    [Fact]
    public void ACheckpointOfAnotherFamilyIsRefusedByName()
    {
        var field = CharField();
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Gru, field.Vocab.Count, 4, 4), new Generator(1));
        var path = P("lm.safetensors");
        Checkpoint.Save(path, lm, new ModelFields(field));
        var ex = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel<Seq2SeqModel>(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("holds a language-model model (RecurrentLanguageModel), not a seq2seq model", ex.Message);
        Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel<SequenceTagger>(path));
        Assert.IsType<RecurrentLanguageModel>(Checkpoint.LoadModel<RecurrentLanguageModel>(path).Model);
    }

    /// <summary>Rewrites the "model" entry of a saved checkpoint and expects LoadModel to name the problem.</summary>
    [Theory]
    [InlineData("""{"family":"transformer","version":1,"config":{}}""", "unknown model family \"transformer\"")]
    [InlineData("""{"family":"language-model","version":7,"config":{}}""", "version 7")]
    [InlineData("""{"family":"language-model","version":1}""", "no \"config\" object")]
    [InlineData("""{"family":"language-model","version":1,"config":{"Cell":"Lstm","VocabSize":10,"Heads":4}}""", "'Heads' could not be mapped")]
    [InlineData("""{"family":"language-model","version":1,"config":{"Cell":"Transformer","VocabSize":10}}""", "does not fit this library's LanguageModelConfig")]
    [InlineData("""{"family":"language-model","version":1,"config":{"Cell":"Lstm","VocabSize":1}}""", "cannot build a model")]
    [InlineData("""{"family":"language-model","version":1,"config":{"Cell":"Lstm","VocabSize":10,"HiddenSize":3}}""", "does not fit this model")]
    [InlineData("not json", "not valid JSON")]
    public void ABrokenModelEntryIsNamed(string modelJson, string expected)
    {
        var field = CharField();
        var lm = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Lstm, field.Vocab.Count, 4, 5), new Generator(1));
        var good = P("good.safetensors");
        Checkpoint.Save(good, lm, new ModelFields(field));
        var (tensors, meta) = SafeTensors.Load(good);
        meta[Checkpoint.ModelKey] = modelJson;
        var bad = P("bad.safetensors");
        SafeTensors.Save(bad, tensors, meta);
        var ex = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(bad));
        Assert.Contains(bad, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AConfigWrittenWithoutItsDefaultedFieldsReadsThemAsTheRecordsDefaults()
    {
        // Generic serialisation: a field added to a config record later (with a default) reads as that default
        // from older files, with no per-field code.
        var (family, config) = ModelFamily.Read("""{"family":"seq2seq","version":1,"config":{"Cell":"Gru","SourceVocabSize":9,"TargetVocabSize":7}}""", "old.safetensors");
        Assert.Equal(ModelFamily.Seq2Seq, family);
        Assert.Equal(new Seq2SeqConfig(CellKind.Gru, 9, 7), config);
        var json = JsonNode.Parse(ModelFamily.LanguageModel.Describe(new RecurrentLanguageModel(new LanguageModelConfig(CellKind.RnnRelu, 5, 2, 3, Dropout: 0.3f))))!;
        Assert.Equal("RnnRelu", json["config"]!["Cell"]!.GetValue<string>());
        Assert.Equal(0.3f, json["config"]!["Dropout"]!.GetValue<float>());
        Assert.Equal(1, json["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("Lstm", 2)]
    [InlineData("Gru", 1)]
    [InlineData("RnnTanh", 2)]
    public void AFileWrittenByPlainPyTorchLoadsIntoAModelTheUserBuilds(string cell, int layers)
    {
        var path = P($"torch-{cell}.safetensors");
        const string ids = "[[1,4,2,9,10,0],[3,3,7,5,6,8]]";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { RepoPaths.File("tests/Workbench.Tests/Checkpoints/torch_write_lm.py"), path, cell, layers.ToString(), "11", "5", "7", ids })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"PyTorch failed (python3-torch is installed by .ci/install.sh): {stderr}");
        var theirs = JsonSerializer.Deserialize<float[]>(stdout)!;

        var lm = new RecurrentLanguageModel(new LanguageModelConfig(Enum.Parse<CellKind>(cell), 11, 5, 7, layers), new Generator(42));
        var meta = Checkpoint.Load(path, lm);
        Assert.Equal("pt", meta["format"]);
        lm.Eval();
        var ours = lm.Forward([1, 4, 2, 9, 10, 0, 3, 3, 7, 5, 6, 8], 2, 6).Logits.ToArray();
        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-5 + 1e-5 * Math.Abs(theirs[i]), $"logit {i}: ours {ours[i]}, PyTorch {theirs[i]}");

        // The same file cannot rebuild a model by itself: it says so and what to do instead.
        var ex = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("weights only", ex.Message);
        Assert.Contains("Checkpoint.Load(path, model)", ex.Message);
    }
}
