using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.LanguageModels;
using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.TorchSharp.Checkpoints;
using Workbench.TorchSharp.LanguageModels;
using Workbench.TorchSharp.Interop;
using Workbench.TorchSharp.Seq2Seq;
using Workbench.TorchSharp.Tests.Parity;
using Generator = Workbench.Tensors.Generator;

namespace Workbench.TorchSharp.Tests.Checkpoints;

/// <summary>An encoder-decoder checkpoint saved by one engine rebuilds in the other from the file alone and loads in
/// real PyTorch (a model written there from the equations, with the workbench's module names), with the same logits.</summary>
public class Seq2SeqCheckpointTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-ts-s2s-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(CellKind.Lstm, 2, true, AttentionKind.Additive, false, false)]
    [InlineData(CellKind.Gru, 1, false, AttentionKind.Dot, true, true)]
    [InlineData(CellKind.RnnRelu, 2, true, AttentionKind.General, true, false)]
    [InlineData(CellKind.RnnTanh, 1, false, AttentionKind.None, false, true)]
    [InlineData(CellKind.Lstm, 1, false, AttentionKind.General, false, true)]
    public void Seq2SeqCheckpointsMoveBothWaysAndIntoPyTorch(CellKind cell, int layers, bool bidirectional, AttentionKind attention,
        bool inputFeeding, bool reverse)
    {
        var cfg = Seq2SeqParityTests.Config(cell, layers, bidirectional, attention, inputFeeding, reverse, attentionSize: attention == AttentionKind.Additive ? 4 : 0);
        var g = new Generator(60 + layers);
        var batch = Seq2SeqBatch.Create(Seq2SeqParityTests.Pairs(g, [4, 7, 2], [5, 1, 3]), cfg.PadId, cfg.EosId);
        using var ts = new TorchSeq2SeqModel(cfg, new Generator(3));
        var tsOut = ts.Forward(batch);
        var tsLogits = tsOut.Logits.ToFloatArray();

        // TorchSharp -> workbench, rebuilt from the file alone.
        var fromTs = Path.Combine(dir, "ts.safetensors");
        TorchCheckpoint.Save(fromTs, ts);
        var (wb, info) = Checkpoint.LoadModel<Seq2SeqModel>(fromTs);
        Assert.Equal(cfg, wb.Config);
        Assert.Equal("seq2seq", info.Family.Name);
        Close.Check(wb.Forward(batch).Logits.ToArray(), tsLogits, "workbench logits from the TorchSharp checkpoint");

        // TorchSharp -> PyTorch.
        var py = PyTorch.Run(PyTorch.RepoFile("tests/Workbench.TorchSharp.Tests/Checkpoints/torch_seq2seq_logits.py"), fromTs,
            Rows(batch.Source.Ids, batch.Source.Length), JsonSerializer.Serialize(batch.Source.Lengths), Rows(tsOut.DecoderInputs, batch.Target.Length));
        Close.Check(py, tsLogits, "PyTorch logits from the TorchSharp checkpoint");

        // workbench -> TorchSharp: rebuilt from the file, and loaded into a model built by hand.
        var other = new Seq2SeqModel(cfg, new Generator(5));
        var expected = other.Forward(batch).Logits.ToArray();
        Assert.True(Close.RelativeError(expected, tsLogits) > 1e-2, "the second model should have other weights");
        var fromWb = Path.Combine(dir, "wb.safetensors");
        Checkpoint.Save(fromWb, other);
        var (rebuilt, _) = TorchCheckpoint.LoadModel<TorchSeq2SeqModel>(fromWb);
        using (rebuilt) Close.Check(rebuilt.Forward(batch).Logits.ToFloatArray(), expected, "TorchSharp logits, rebuilt from the workbench checkpoint");
        TorchCheckpoint.Load(fromWb, ts);
        Close.Check(ts.Forward(batch).Logits.ToFloatArray(), expected, "TorchSharp logits, loaded from the workbench checkpoint");
    }

    [Fact]
    public void ATorchCheckpointCarriesItsFieldsAndRefusesTheWrongFamilyByName()
    {
        var data = TinyCorpus.Dataset();
        using var ts = new TorchLanguageModel(new LanguageModelConfig(CellKind.Gru, data.Field.Vocab.Count, 4, 6), new Generator(2));
        var path = Path.Combine(dir, "lm.safetensors");
        TorchCheckpoint.Save(path, ts, data);

        var (loaded, info) = TorchCheckpoint.LoadModel<TorchLanguageModel>(path);
        using var _ = loaded;
        Assert.Equal(ts.Config, loaded.Config);
        Assert.Equal(data.Field.Vocab.Count, info.RequireFields().Source.Vocab.Count);
        int[] ids = [.. data.Field.Encode("the cat")];
        Close.Check(loaded.Forward(ids, 1, ids.Length).Logits.ToFloatArray(), ts.Forward(ids, 1, ids.Length).Logits.ToFloatArray(), "logits after the round trip");

        var e = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.LoadModel<TorchSeq2SeqModel>(path));
        Assert.Contains("holds a language-model model (TorchLanguageModel), not a TorchSeq2SeqModel", e.Message);
    }

    static string Rows(int[] ids, int length) => JsonSerializer.Serialize(ids.Chunk(length));
}
