using Workbench.Recurrent;
using Workbench.Seq2Seq;
using Workbench.Tensors;

namespace Workbench.Tests.Seq2Seq;

/// <summary>
/// The order in which seq2seq training visits its pairs comes from the run's generator: the same seed gives the
/// same order, different seeds different orders, and each epoch is reshuffled. The order is observed through the
/// public training API only: with one pair per batch, one batch per epoch and a learning rate too small to move a
/// float32 weight, each epoch's recorded training loss is the loss of the one pair visited first, which identifies it.
/// </summary>
public class ShuffleSeedTests
{
    const int Epochs = 12;
    static readonly List<(int[] Source, int[] Target)> Train = ToyTasks.Pairs(new Generator(42), 8, ToyTasks.Reverse);

    static Seq2SeqModel FreshModel() => new(ToyTasks.Config(CellKind.Gru, AttentionKind.None, hidden: 8), new Generator(7));

    // The loss of each pair alone under the untrained model: a fingerprint of the pair.
    static readonly double[] PairLoss = Train.Select(p => (double)FreshModel().Loss(Seq2SeqBatch.Create([p], ToyTasks.Pad, ToyTasks.Eos)).Loss.Item()).ToArray();

    /// <summary>Which pair each epoch of a run with this seed visited first.</summary>
    static int[] FirstPairPerEpoch(long seed)
    {
        var options = new Seq2SeqTrainingOptions(Epochs: Epochs, BatchSize: 1, LearningRate: 1e-12f, MaxBatchesPerEpoch: 1);
        var history = Seq2SeqTraining.Train(FreshModel(), Train, null, options, new Generator(seed));
        Assert.Equal(Epochs, history.Records.Count);
        return history.Records.Select(r =>
        {
            int best = Enumerable.Range(0, PairLoss.Length).MinBy(i => Math.Abs(PairLoss[i] - r.TrainLoss));
            Assert.True(Math.Abs(PairLoss[best] - r.TrainLoss) < 1e-5, $"epoch {r.Epoch}: loss {r.TrainLoss} is no single pair's loss");
            return best;
        }).ToArray();
    }

    [Fact]
    public void EveryPairHasItsOwnLossSoTheFirstPairCanBeIdentified()
    {
        for (int i = 0; i < PairLoss.Length; i++)
            for (int j = i + 1; j < PairLoss.Length; j++)
                Assert.True(Math.Abs(PairLoss[i] - PairLoss[j]) > 1e-3, $"pairs {i} and {j} have nearly equal losses {PairLoss[i]}, {PairLoss[j]}");
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(12345L)]
    public void TheSameSeedGivesTheSameOrderAndEachEpochIsReshuffled(long seed)
    {
        var a = FirstPairPerEpoch(seed);
        Assert.Equal(a, FirstPairPerEpoch(seed));
        // 12 epochs over 8 pairs: a fresh shuffle each epoch starts with several different pairs (all equal: p < 1e-10).
        Assert.True(a.Distinct().Count() >= 3, $"seed {seed}: first pairs per epoch {string.Join(",", a)}");
    }

    [Fact]
    public void DifferentSeedsGiveDifferentOrders()
    {
        // Two seeds share all 12 first pairs by chance with probability 8^-12.
        long[] seeds = [1, 2, 3, 12345, -7];
        var orders = seeds.Select(FirstPairPerEpoch).ToArray();
        for (int i = 0; i < seeds.Length; i++)
            for (int j = i + 1; j < seeds.Length; j++)
                Assert.False(orders[i].SequenceEqual(orders[j]),
                    $"seeds {seeds[i]} and {seeds[j]} visit the pairs in the same order: {string.Join(",", orders[i])}");
    }
}
