using Workbench.Decoding;
using Workbench.Diagrams;
using Workbench.Recurrent;

namespace Workbench.Tests.Diagrams;

/// <summary>
/// A character bigram model of first names (datasets/names, counted with add-0.01 smoothing): a small real
/// language model, so the example beam tree comes from a real beam search over real probabilities.
/// Token 0 is &lt;bos&gt;, 1 is &lt;eos&gt;, then the letters.
/// </summary>
sealed class NameBigram : IStepDecoder<int[]>
{
    readonly double[,] logProb;

    public string Alphabet { get; }

    public NameBigram(IEnumerable<string> names)
    {
        var words = names.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0 && w.All(char.IsAsciiLetterLower)).ToList();
        Alphabet = "^$" + string.Concat(words.SelectMany(w => w).Distinct().Order());
        int v = Alphabet.Length;
        var counts = new double[v, v];
        foreach (var w in words)
        {
            int prev = 0;
            foreach (var ch in w + "$") { int id = Alphabet.IndexOf(ch); counts[prev, id]++; prev = id; }
        }
        logProb = new double[v, v];
        for (int i = 0; i < v; i++)
        {
            double total = 0;
            for (int j = 0; j < v; j++) total += counts[i, j] + 0.01;
            for (int j = 0; j < v; j++) logProb[i, j] = Math.Log((counts[i, j] + 0.01) / total);
        }
    }

    public int VocabSize => Alphabet.Length;

    public string TokenOf(int id) => id switch { 0 => "<bos>", 1 => "<eos>", _ => Alphabet[id].ToString() };

    public (float[] LogProbs, int[] State) Step(int[] state, int[] tokens)
    {
        var lp = new float[tokens.Length * VocabSize];
        for (int r = 0; r < tokens.Length; r++)
            for (int j = 0; j < VocabSize; j++) lp[r * VocabSize + j] = (float)logProb[tokens[r], j];
        return (lp, tokens);
    }

    public int[] Select(int[] state, int[] rows) => rows.Select(r => state[r]).ToArray();
}

/// <summary>The example diagrams committed under figures/diagrams/ (see <see cref="CommittedDiagramTests"/>).</summary>
static class DiagramExamples
{
    public static IReadOnlyList<(string Name, Diagram Diagram)> All()
    {
        var names = new NameBigram(File.ReadLines(RepoPaths.File("datasets/names/male.txt")));
        var trace = new BeamTrace();
        Generate.BeamSearch(names, new[] { 0 }, 0, 1, new BeamOptions(Width: 3, MaxLength: 6, LengthPenalty: 1.0, NBest: 3), trace);
        var date = "3 May 1988".Select(ch => ch.ToString()).ToArray();
        var iso = "1988-05-03".Select(ch => ch.ToString()).ToArray();
        return
        [
            ("02-rnn-unrolled-bptt", RnnDiagram.Unrolled(4, inputSize: 3, hiddenSize: 5, outputSize: 4)),
            ("04-lstm-cell", CellDiagram.Lstm()),
            ("04-gru-cell", CellDiagram.Gru()),
            ("09-bidirectional-lstm", StackedRnnDiagram.From(new LSTM(32, 32, bidirectional: true), steps: 4)),
            ("10-deep-lstm", StackedRnnDiagram.From(new LSTM(32, 64, numLayers: 3), steps: 4)),
            ("12-encoder-decoder", Seq2SeqDiagram.EncoderDecoder(date, iso, hiddenSize: 64, CellKind.Gru)),
            // An illustrative weight vector (the caller passes a trained model's row of Translation.Attention).
            ("14-attention-weighted-sum", AttentionDiagram.WeightedSum(date, [0.02, 0.01, 0.03, 0.05, 0.71, 0.1, 0.03, 0.02, 0.02, 0.01], step: 6, outputToken: "0")),
            ("15-beam-tree", BeamTreeDiagram.From(trace, names.TokenOf)),
        ];
    }
}
