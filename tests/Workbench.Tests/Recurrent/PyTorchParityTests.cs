using System.Text.Json;
using Workbench.Recurrent;
using Workbench.Tensors;

namespace Workbench.Tests.Recurrent;

/// <summary>
/// Forward values and every gradient against real PyTorch (float64 reference on float32 inputs), from the
/// fixtures written by Fixtures/make_fixtures.py. A value passes when |ours - torch| &lt;= 1e-5 |torch| + 1e-6:
/// 1e-5 relative, with an absolute floor of 1e-6 for values near zero, where a relative test of a float32
/// result is meaningless.
/// </summary>
public class PyTorchParityTests
{
    const double Rtol = 1e-5, Atol = 1e-6;

    static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Recurrent", "Fixtures", "recurrent_parity.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    });

    public static IEnumerable<object[]> CaseNames() => Cases.Value.Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Fact]
    public void FixturesCoverEveryCellLayerDirectionAndPaddingCombination()
    {
        var names = Cases.Value.Select(c => c.GetProperty("name").GetString()!).ToList();
        foreach (var cell in new[] { "rnn_tanh", "gru", "lstm" })
            foreach (var l in new[] { "L1", "L2" })
                foreach (var d in new[] { "uni", "bi" })
                    foreach (var p in new[] { "full", "padded" })
                        Assert.Contains(names, n => n.StartsWith($"{cell}-{l}-{d}-{p}"));
        Assert.Contains(names, n => n.StartsWith("rnn_relu"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        var c = Cases.Value.Single(x => x.GetProperty("name").GetString() == name);
        string cell = c.GetProperty("cell").GetString()!;
        int layers = c.GetProperty("layers").GetInt32(), b = c.GetProperty("batch").GetInt32(), t = c.GetProperty("seq_len").GetInt32();
        int f = c.GetProperty("input_size").GetInt32(), h = c.GetProperty("hidden_size").GetInt32();
        bool bi = c.GetProperty("bidirectional").GetBoolean();
        int d = bi ? 2 : 1;

        RecurrentLayer layer = cell switch
        {
            "rnn_tanh" => new RNN(f, h, layers, NonLinearity.Tanh, bidirectional: bi),
            "rnn_relu" => new RNN(f, h, layers, NonLinearity.ReLU, bidirectional: bi),
            "gru" => new GRU(f, h, layers, bidirectional: bi),
            "lstm" => new LSTM(f, h, layers, bidirectional: bi),
            _ => throw new InvalidDataException($"fixture {name}: unknown cell '{cell}'"),
        };
        // The state dict moves over unchanged: same names, same shapes (strict load checks both).
        var state = c.GetProperty("weights").EnumerateObject()
            .ToDictionary(p => p.Name, p => Tensor.FromArray(Floats(p.Value), layer.StateDict()[p.Name].Shape));
        layer.LoadStateDict(state);

        var x = Tensor.FromArray(Floats(c.GetProperty("input")), b, t, f).RequiresGrad_();
        var h0 = Optional(c, "h0", layers * d, b, h)?.RequiresGrad_();
        var c0 = Optional(c, "c0", layers * d, b, h)?.RequiresGrad_();
        int[]? lengths = c.GetProperty("lengths").ValueKind == JsonValueKind.Null ? null
            : c.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var (output, hn, cn) = layer.Forward(x, h0, c0, lengths);
        Close(name, "output", Floats(c.GetProperty("output")), output);
        Close(name, "h_n", Floats(c.GetProperty("h_n")), hn);
        if (cell == "lstm") Close(name, "c_n", Floats(c.GetProperty("c_n")), cn!);
        else Assert.Null(cn);

        var loss = (output * Tensor.FromArray(Floats(c.GetProperty("r_output")), output.Shape)).Sum()
                 + (hn * Tensor.FromArray(Floats(c.GetProperty("r_h")), hn.Shape)).Sum();
        if (cn is not null) loss = loss + (cn * Tensor.FromArray(Floats(c.GetProperty("r_c")), cn.Shape)).Sum();
        loss.Backward();

        Close(name, "grad input", Floats(c.GetProperty("grad_input")), x.Grad!);
        if (h0 is not null) Close(name, "grad h0", Floats(c.GetProperty("grad_h0")), h0.Grad!);
        if (c0 is not null) Close(name, "grad c0", Floats(c.GetProperty("grad_c0")), c0.Grad!);
        var own = layer.StateDict();
        foreach (var g in c.GetProperty("grad_weights").EnumerateObject())
            Close(name, "grad " + g.Name, Floats(g.Value), own[g.Name].Grad!);
        Assert.Equal(c.GetProperty("grad_weights").EnumerateObject().Count(), own.Count);
    }

    static Tensor? Optional(JsonElement c, string key, params int[] shape) =>
        c.GetProperty(key).ValueKind == JsonValueKind.Null ? null : Tensor.FromArray(Floats(c.GetProperty(key)), shape);

    static float[] Floats(JsonElement a) => a.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    static void Close(string caseName, string what, float[] expected, Tensor actual)
    {
        Assert.NotNull(actual);
        var v = actual.Values;
        Assert.True(expected.Length == v.Length, $"{caseName} {what}: {v.Length} values, PyTorch has {expected.Length}");
        for (int i = 0; i < v.Length; i++)
        {
            double err = Math.Abs(v[i] - (double)expected[i]);
            Assert.True(err <= Rtol * Math.Abs(expected[i]) + Atol,
                $"{caseName} {what}[{i}]: ours {v[i]:G9}, PyTorch {expected[i]:G9} (error {err:E2})");
        }
    }
}
