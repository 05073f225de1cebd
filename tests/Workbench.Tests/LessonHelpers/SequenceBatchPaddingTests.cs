using Workbench.Data;
using Workbench.Seq2Seq;
using Xunit;

namespace Workbench.Tests.LessonHelpers;

public class SequenceBatchPaddingTests
{
    [Fact]
    public void ToPadded_keeps_ids_shape_lengths_and_pad_id()
    {
        // rows [5 6 7] and [8], padded with 9 to length 3
        var batch = SequenceBatch.Pad([[5, 6, 7], [8]], padId: 9);
        var p = batch.ToPadded();
        Assert.Equal(2, p.Batch);
        Assert.Equal(3, p.Time);
        Assert.Equal(new[] { 5, 6, 7, 8, 9, 9 }, p.Ids);
        Assert.Equal(new[] { 3, 1 }, p.Lengths);
        Assert.Equal(9, p.PadId);
        Assert.Equal(new[] { 8 }, p.Row(1));
    }

    [Fact]
    public void Rows_returns_the_unpadded_rows_in_order()
    {
        var batch = SequenceBatch.Pad([[1, 2], [3, 4, 5], [6]], padId: 0);
        var rows = batch.Rows();
        Assert.Equal(3, rows.Length);
        Assert.Equal(new[] { 1, 2 }, rows[0]);
        Assert.Equal(new[] { 3, 4, 5 }, rows[1]);
        Assert.Equal(new[] { 6 }, rows[2]);
    }

    [Fact]
    public void Null_batch_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => SequenceBatchPadding.ToPadded(null!));
    }
}
