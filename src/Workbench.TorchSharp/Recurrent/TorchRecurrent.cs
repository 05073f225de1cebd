using Workbench.Recurrent;
using GRU = TorchSharp.Modules.GRU;
using LSTM = TorchSharp.Modules.LSTM;
using RNN = TorchSharp.Modules.RNN;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Workbench.TorchSharp.Recurrent;

/// <summary>What a recurrent layer returns: the top layer's output at every step [B, T, D*H] (zero at padded steps)
/// and the final states [L*D, B, H] (c for an LSTM, else null), as <see cref="RecurrentResult"/> in the workbench.</summary>
public sealed record TorchRecurrentResult(Tensor Output, Tensor HN, Tensor? CN);

/// <summary>
/// TorchSharp's own nn.RNN, nn.GRU and nn.LSTM (libtorch's kernels, batch-first) for a <see cref="CellKind"/>. They
/// register PyTorch's parameter names (weight_ih_l0, bias_hh_l1_reverse, ...), the same as the workbench's layers.
/// The three classes have different call signatures; <see cref="Forward"/> gives them one, and runs variable-length
/// batches as packed sequences so padding changes neither outputs nor final states (the workbench's lengths argument).
/// </summary>
public static class TorchRecurrent
{
    /// <summary>A batch-first layer; <paramref name="dropout"/> acts between stacked layers (none with one layer, where
    /// libtorch would warn about it).</summary>
    public static nn.Module Create(CellKind kind, int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false, float dropout = 0f)
    {
        dropout = numLayers > 1 ? dropout : 0f;
        return kind switch
        {
            CellKind.Lstm => nn.LSTM(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            CellKind.Gru => nn.GRU(inputSize, hiddenSize, numLayers, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            CellKind.RnnTanh => nn.RNN(inputSize, hiddenSize, numLayers, nn.NonLinearities.Tanh, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            CellKind.RnnRelu => nn.RNN(inputSize, hiddenSize, numLayers, nn.NonLinearities.ReLU, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "recurrent layer: unknown cell kind."),
        };
    }

    /// <summary>Runs <paramref name="rnn"/> over <paramref name="input"/> [B, T, F] from <paramref name="h0"/> (and
    /// <paramref name="c0"/> for an LSTM; zeros when null). <paramref name="lengths"/>: each row's valid length in 1..T
    /// (padding at the end), null for all T.</summary>
    public static TorchRecurrentResult Forward(nn.Module rnn, Tensor input, Tensor? h0 = null, Tensor? c0 = null, int[]? lengths = null)
    {
        if (lengths is null)
            return rnn switch
            {
                LSTM lstm => Result(lstm.call(input, LstmState(h0, c0))),
                GRU gru => Result(gru.call(input, h0!)),
                RNN plain => Result(plain.call(input, h0)),
                _ => throw Unknown(rnn),
            };
        long time = input.shape[1];
        using var packed = pack_padded_sequence(input, tensor(lengths.Select(l => (long)l).ToArray()), batch_first: true, enforce_sorted: false);
        (PackedSequence output, Tensor hn, Tensor? cn) = rnn switch
        {
            LSTM lstm => lstm.call(packed, LstmState(h0, c0)),
            GRU gru => WithoutCell(gru.call(packed, h0!)),
            RNN plain => WithoutCell(plain.call(packed, h0)),
            _ => throw Unknown(rnn),
        };
        using (output)
            return new TorchRecurrentResult(pad_packed_sequence(output, batch_first: true, total_length: time).Item1, hn, cn);
    }

    static (Tensor, Tensor)? LstmState(Tensor? h0, Tensor? c0) =>
        h0 is null && c0 is null ? null : (h0 ?? zeros_like(c0!), c0 ?? zeros_like(h0!));

    static TorchRecurrentResult Result((Tensor Output, Tensor HN, Tensor CN) r) => new(r.Output, r.HN, r.CN);
    static TorchRecurrentResult Result((Tensor Output, Tensor HN) r) => new(r.Output, r.HN, null);
    static (PackedSequence, Tensor, Tensor?) WithoutCell((PackedSequence Output, Tensor HN) r) => (r.Output, r.HN, null);

    static ArgumentException Unknown(nn.Module rnn) => new($"recurrent layer: {rnn.GetType().Name} is not a TorchSharp RNN, GRU or LSTM.", nameof(rnn));
}
