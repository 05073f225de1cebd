using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>Examples read as lines: each text followed by &lt;eos&gt;, split by split, as FromText's TextUnit.Line reads a file.</summary>
public class LanguageModelLinesTests
{
    static SequenceDataset Examples(IReadOnlyList<string> train, IReadOnlyList<string> valid, IReadOnlyList<string> test)
    {
        var field = Datasets.FieldBuilder(TokenLevel.Char)(train);
        SequenceExample E(string s) => new(field.Encode(s, addBos: true), field.Encode(s, addEos: true), -1, s, s);
        return new SequenceDataset("toy", "toy names", field, field, null,
            new Splits<SequenceExample>(train.Select(E).ToList(), valid.Select(E).ToList(), test.Select(E).ToList()));
    }

    [Fact]
    public void Each_split_is_its_texts_each_ending_in_eos()
    {
        var data = LanguageModelDataset.FromLines(Examples(["ann", "bob", "al"], ["nab"], ["lob", "x"]));
        var v = data.Field.Vocab;
        int eos = v.EosId;
        Assert.Equal([v["a"], v["n"], v["n"], eos, v["b"], v["o"], v["b"], eos, v["a"], v["l"], eos], data.Train);
        Assert.Equal([v["n"], v["a"], v["b"], eos], data.Valid);
        Assert.Equal([v["l"], v["o"], v["b"], eos, v.UnkId, eos], data.Test);   // "x" was never seen in training
        Assert.Equal("toy-lines", data.Name);
        Assert.Equal(eos, data.Boundary);   // samples start after an <eos>, as every line did
        Assert.Equal("annbobal", data.Field.Decode(data.Train, stopAtEos: false));
    }

    [Fact]
    public void Real_names_make_one_eos_per_name()
    {
        var names = Datasets.Names(root: RepoPaths.File("datasets"));
        var data = LanguageModelDataset.FromLines(names);
        int eos = data.Field.Vocab.EosId;
        Assert.Equal(names.Train.Count, data.Train.Count(id => id == eos));
        Assert.Equal(names.Valid.Count, data.Valid.Count(id => id == eos));
        Assert.Equal(names.Train.Sum(e => e.Text!.Length) + names.Train.Count, data.Train.Length);
        Assert.Same(names.Source, data.Field);
    }

    [Fact]
    public void An_example_without_text_is_named()
    {
        var field = Datasets.FieldBuilder(TokenLevel.Char)(["ab"]);
        var data = new SequenceDataset("bad", "bad", field, field, null,
            new Splits<SequenceExample>([new SequenceExample([1], Text: "ab")], [new SequenceExample([1], Text: "ab"), new SequenceExample([1])], []));
        var e = Assert.Throws<ArgumentException>(() => LanguageModelDataset.FromLines(data));
        Assert.Contains("valid example 1 has no text", e.Message);
    }
}
