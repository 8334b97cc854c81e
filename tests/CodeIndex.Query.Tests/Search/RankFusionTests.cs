namespace CodeIndex.Query.Tests.Search;

/// <summary>Weighted reciprocal-rank fusion arithmetic and ordering.</summary>
public sealed class RankFusionTests
{
    [Fact]
    public void Fuse_IdInBothLists_RanksFirst()
    {
        var fused = RankFusion.Fuse([([1L, 2, 3], 1.0), ([2L, 4], 1.0)], k: 60);

        Assert.Equal([2L, 1, 4, 3], fused.Select(f => f.Id));
        Assert.Equal(1.0 / 62 + 1.0 / 61, fused[0].Score, 12);
    }

    [Fact]
    public void Fuse_Weight_ScalesAList()
    {
        var fused = RankFusion.Fuse([([1L], 1.0), ([2L], 3.0)], k: 10);

        Assert.Equal([2L, 1], fused.Select(f => f.Id));
        Assert.Equal(3.0 / 11, fused[0].Score, 12);
    }

    [Fact]
    public void Fuse_DuplicateWithinList_CountsOnceAtFirstRank()
    {
        var fused = RankFusion.Fuse([([7L, 7, 8], 1.0)], k: 0);

        Assert.Equal([(7L, 1.0), (8L, 0.5)], fused);
    }

    [Fact]
    public void Fuse_Ties_KeepFirstAppearance()
    {
        var fused = RankFusion.Fuse([([5L], 1.0), ([9L], 1.0)]);

        Assert.Equal([5L, 9], fused.Select(f => f.Id));
    }

    [Fact]
    public void Fuse_NoLists_Empty() => Assert.Empty(RankFusion.Fuse([]));

    [Fact]
    public void FuseScores_EachListScaledByItsOwnRange()
    {
        // List 1: 10 → 1, 5 → 0.5, 0 → 0. List 2 (weight 2): 0.9 → 1, 0.5 → 0.
        var fused = RankFusion.FuseScores([([(1L, 10.0), (2L, 5.0), (3L, 0.0)], 1.0), ([(3L, 0.9), (4L, 0.5)], 2.0)]);

        Assert.Equal([(3L, 2.0), (1L, 1.0), (2L, 0.5), (4L, 0.0)], fused);
    }

    [Fact]
    public void FuseScores_EqualScores_AllCountOne()
    {
        var fused = RankFusion.FuseScores([([(1L, 0.3), (2L, 0.3)], 1.0)]);

        Assert.Equal([(1L, 1.0), (2L, 1.0)], fused);
    }

    [Fact]
    public void FuseScores_DuplicateWithinList_CountsItsBestScore()
    {
        var fused = RankFusion.FuseScores([([(1L, 4.0), (2L, 2.0), (1L, 0.0)], 1.0)]);

        Assert.Equal([(1L, 1.0), (2L, 0.5)], fused);
    }

    [Fact]
    public void FuseScores_EmptyListsIgnored() => Assert.Empty(RankFusion.FuseScores([([], 1.0)]));
}
