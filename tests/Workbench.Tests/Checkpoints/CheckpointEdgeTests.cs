using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.LanguageModels;
using Workbench.NN;
using Workbench.Optim;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Checkpoints;

/// <summary>Checkpoint's refusals, each message compared whole, and the paths the worked examples do not take
/// (written for the mutants Stryker found surviving in Checkpoints/Checkpoint.cs).</summary>
public class CheckpointEdgeTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wb-ckpt-edge-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);
    string P(string name) => Path.Combine(dir, name);

    static RecurrentLanguageModel Lm(int seed = 1) => new(new LanguageModelConfig(CellKind.Gru, 7, 4, 5), new Generator(seed));

    [Fact]
    public void Missing_optimizer_or_generator_state_is_named()
    {
        var path = P("weights.safetensors");
        Checkpoint.Save(path, Lm());
        var lm = Lm(2);
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, lm, new Adam(lm.Parameters(), 0.01f)));
        Assert.Equal($"checkpoint '{path}' holds no optimizer state.", e.Message);
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, lm, generator: new Generator(3)));
        Assert.Equal($"checkpoint '{path}' holds no generator state.", e.Message);
    }

    [Fact]
    public void Optimizer_state_of_another_kind_is_refused_with_the_reason()
    {
        var path = P("adam.safetensors");
        var lm = Lm();
        Checkpoint.Save(path, lm, new Adam(lm.Parameters(), 0.01f));
        var other = Lm(2);
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, other, new SGD(other.Parameters(), 0.1f, momentum: 0.9f)));
        int first = other.Parameters().First().Numel;
        Assert.Equal($"checkpoint '{path}': optimizer state does not fit: optimizer state: 'momentum_buffer.0' is missing or has 0 values instead of {first}.", e.Message);
    }

    [Theory]
    [InlineData("zz")]                      // not hexadecimal
    [InlineData("1,2")]                     // too few words
    [InlineData("10000000000000000")]       // overflows 64 bits
    public void A_malformed_generator_state_is_named(string state)
    {
        var path = P("gen.safetensors");
        Checkpoint.Save(path, Lm(), metadata: new Dictionary<string, string> { ["generator_state"] = state });
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, Lm(2), generator: new Generator(3)));
        Assert.Equal($"checkpoint '{path}': generator state '{state}' is malformed.", e.Message);
    }

    [Fact]
    public void A_vocabulary_mismatch_shows_short_fingerprints_or_that_none_was_recorded()
    {
        var path = P("nofp.safetensors");
        Checkpoint.Save(path, Lm());
        string longFp = new('a', 40);
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, Lm(2), expectedFingerprint: longFp));
        Assert.Equal($"checkpoint '{path}' was trained with vocabulary (none recorded) but the current vocabulary is aaaaaaaaaaaa; token ids would not mean the same tokens.", e.Message);
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, Lm(2), expectedFingerprint: "abc"));
        Assert.EndsWith("but the current vocabulary is abc; token ids would not mean the same tokens.", e.Message);
    }

    [Fact]
    public void Null_arguments_are_refused_before_anything_is_written()
    {
        var path = P("null.safetensors");
        var e = Assert.Throws<ArgumentNullException>(() => Checkpoint.Save(path, Lm(), (ModelFields)null!));
        Assert.Equal("fields", e.ParamName);
        e = Assert.Throws<ArgumentNullException>(() => Checkpoint.Save(path, null!));
        Assert.Equal("model", e.ParamName);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Weights_only_files_say_where_they_came_from()
    {
        var torch = P("torch.safetensors");
        SafeTensors.Save(torch, Lm().StateDict());
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(torch));
        Assert.Equal($"checkpoint '{torch}' holds weights only, without a model configuration (not written by this library, e.g. by PyTorch): "
            + "build the model yourself and call Checkpoint.Load(path, model).", e.Message);
        var old = P("old.safetensors");
        SafeTensors.Save(old, Lm().StateDict(), new Dictionary<string, string> { ["format"] = "workbench-checkpoint-1" });
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(old));
        Assert.Contains("without a model configuration (format workbench-checkpoint-1): ", e.Message);
    }

    [Fact]
    public void A_model_type_outside_the_families_is_refused_by_its_type_name()
    {
        var path = P("lm.safetensors");
        Checkpoint.Save(path, Lm());
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel<Linear>(path));
        Assert.Equal($"checkpoint '{path}' holds a language-model model (RecurrentLanguageModel), not a Linear model (Linear).", e.Message);
    }

    [Fact]
    public void A_model_saved_without_fields_comes_back_without_them_and_draws_from_the_given_generator()
    {
        var path = P("plain.safetensors");
        var lm = Lm();
        Checkpoint.Save(path, lm);
        var g = new Generator(5);
        var before = g.GetState();
        var (back, info) = Checkpoint.LoadModel<RecurrentLanguageModel>(path, g);
        Assert.Null(info.Fields);
        Assert.Equal(lm.StateDict()["rnn.weight_hh_l0"].ToArray(), back.StateDict()["rnn.weight_hh_l0"].ToArray());
        Assert.NotEqual(before, g.GetState());   // the module's initial draws came from the caller's generator
    }
}
