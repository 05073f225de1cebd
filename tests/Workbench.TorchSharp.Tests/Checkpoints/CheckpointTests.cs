using Workbench.Data;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Heads;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Checkpoints;
using Workbench.TorchSharp.Heads;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Tests.Parity;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Checkpoints;

/// <summary>A checkpoint saved by one engine loads in the other and in real PyTorch, and computes the same outputs.</summary>
public class CheckpointTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-ts-ckpt-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    static readonly int[] Ids = [1, 4, 2, 9, 10, 0, 3, 3, 7, 5, 6, 8];

    [Theory]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Gru, 1)]
    [InlineData(CellKind.RnnRelu, 2)]
    public void LanguageModelCheckpointsMoveBothWaysAndIntoPyTorch(CellKind cell, int layers)
    {
        var cfg = new LanguageModelConfig(cell, VocabSize: 11, EmbeddingDim: 5, HiddenSize: 7, NumLayers: layers);
        var meta = new Dictionary<string, string> { ["config"] = cfg.ToJson() };
        using var trainedTs = new TorchLanguageModel(cfg, new Generator(3));
        var tsLogits = trainedTs.Forward(Ids, 2, 6).Logits.ToFloatArray();

        // TorchSharp -> workbench: a fresh workbench model (other weights) computes the same logits after loading.
        var fromTs = Path.Combine(dir, "ts.safetensors");
        TorchCheckpoint.Save(fromTs, trainedTs, metadata: meta);
        var wb = new RecurrentLanguageModel(cfg, new Generator(99));
        Assert.NotEqual(tsLogits, wb.Forward(Ids, 2, 6).Logits.ToArray());
        var loadedMeta = Checkpoint.Load(fromTs, wb);
        Assert.Equal(cfg, LanguageModelConfig.FromJson(loadedMeta["config"]));
        Close.Check(wb.Forward(Ids, 2, 6).Logits.ToArray(), tsLogits, "workbench logits from the TorchSharp checkpoint");

        // TorchSharp -> PyTorch, with the workbench's own PyTorch script.
        var pyLogits = PyTorch.Run(PyTorch.RepoFile("tests/Workbench.Tests/LanguageModels/torch_lm_logits.py"), fromTs, "[[1,4,2,9,10,0],[3,3,7,5,6,8]]");
        Close.Check(pyLogits, tsLogits, "PyTorch logits from the TorchSharp checkpoint");

        // workbench -> TorchSharp.
        var other = new RecurrentLanguageModel(cfg, new Generator(5));
        var fromWb = Path.Combine(dir, "wb.safetensors");
        Checkpoint.Save(fromWb, other, metadata: meta);
        using var ts = new TorchLanguageModel(cfg, new Generator(6));
        TorchCheckpoint.Load(fromWb, ts);
        Close.Check(ts.Forward(Ids, 2, 6).Logits.ToFloatArray(), other.Forward(Ids, 2, 6).Logits.ToArray(), "TorchSharp logits from the workbench checkpoint");
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2, true)]
    [InlineData(CellKind.Gru, 1, true)]
    [InlineData(CellKind.RnnTanh, 2, false)]
    public void TaggerCheckpointsMoveBothWaysAndIntoPyTorch(CellKind cell, int layers, bool bidirectional)
    {
        using var ts = new TorchSequenceTagger(new SequenceTaggerConfig(cell, 11, 4, EmbeddingDim: 5, HiddenSize: 6, NumLayers: layers, Bidirectional: bidirectional), new Generator(8));
        int[][] seqs = [[3, 4, 5, 6], [7, 1], [2, 9, 10]];
        var x = SequenceBatch.Pad(seqs, 0);
        var tsLogits = ts.forward(x).ToFloatArray();
        var settings = JsonSerializer.Serialize(new { cell = cell.ToString(), vocab = 11, embed = 5, hidden = 6, layers, bidirectional, pad = 0, tags = 4 });
        var path = Path.Combine(dir, "tagger.safetensors");
        TorchCheckpoint.Save(path, ts, metadata: new Dictionary<string, string> { ["tagger"] = settings });

        var py = PyTorch.Run(PyTorch.RepoFile("tests/Workbench.TorchSharp.Tests/Checkpoints/torch_tagger_logits.py"), path,
            JsonSerializer.Serialize(Enumerable.Range(0, x.BatchSize).Select(b => x.Ids.Skip(b * x.Length).Take(x.Length))), JsonSerializer.Serialize(x.Lengths));
        Close.Check(py, tsLogits, "PyTorch tag logits from the TorchSharp checkpoint");

        var wb = new SequenceTagger(new SequenceTaggerConfig(cell, 11, 4, 5, 6, layers, bidirectional), new Generator(1));
        Checkpoint.Load(path, wb);
        Close.Check(wb.Forward(x).ToArray(), tsLogits, "workbench tag logits from the TorchSharp checkpoint");
        Checkpoint.Save(path, new SequenceTagger(new SequenceTaggerConfig(cell, 11, 4, 5, 6, layers, bidirectional), new Generator(2)));
        TorchCheckpoint.Load(path, ts);
        var reference = new SequenceTagger(new SequenceTaggerConfig(cell, 11, 4, 5, 6, layers, bidirectional), new Generator(2));
        Close.Check(ts.forward(x).ToFloatArray(), reference.Forward(x).ToArray(), "TorchSharp tag logits from the workbench checkpoint");
    }

    [Fact]
    public void ACheckpointForAnotherShapeIsRefusedNamingTheTensorAndLeavesTheModelAlone()
    {
        var small = new RecurrentLanguageModel(new LanguageModelConfig(CellKind.Gru, 11, 5, 7), new Generator(1));
        var path = Path.Combine(dir, "small.safetensors");
        Checkpoint.Save(path, small);
        using var big = new TorchLanguageModel(new LanguageModelConfig(CellKind.Gru, 11, 5, 8), new Generator(2));
        var before = Weights.StateDict(big);
        var e = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.Load(path, big));
        Assert.Contains(path, e.Message);
        Assert.Contains("'rnn.weight_ih_l0' has shape [21, 5] in the state dict but [24, 5] in the model", e.Message);
        var after = Weights.StateDict(big);
        foreach (var (name, t) in before) Assert.Equal(t.ToArray(), after[name].ToArray());
    }

    [Fact]
    public void TheVocabularyFingerprintAndGeneratorTravelWithATorchCheckpoint()
    {
        using var ts = new TorchLanguageModel(new LanguageModelConfig(CellKind.Lstm, 9, 4, 5), new Generator(1));
        var path = Path.Combine(dir, "fp.safetensors");
        var g = new Generator(123);
        g.NextDouble();
        TorchCheckpoint.Save(path, ts, g, new Dictionary<string, string> { [Checkpoint.FingerprintKey] = "abc123" });
        var restored = new Generator(0);
        TorchCheckpoint.Load(path, ts, restored, expectedFingerprint: "abc123");
        Assert.Equal(g.NextDouble(), restored.NextDouble());
        var e = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.Load(path, ts, expectedFingerprint: "other-vocab"));
        Assert.Contains("vocabulary", e.Message);
    }
}
