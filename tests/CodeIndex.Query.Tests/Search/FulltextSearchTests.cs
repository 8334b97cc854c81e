using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Full-text mode: english stemming, identifier splitting, name words weighted above doc words, no synonyms.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class FulltextSearchTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    private async Task<IReadOnlyList<SearchHit>> FulltextAsync(string text) =>
        (await _search.SearchAsync(new SearchRequest(text, SearchMode.Fulltext, RepositoryId: corpus.RepositoryId))).Hits;

    [Fact]
    public async Task Fulltext_InflectedWord_StemsToTheName()
    {
        var hits = await FulltextAsync("deserializes");

        Assert.Equal("Shop.Json.JsonSerializer.Deserialize", hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task Fulltext_WordsOfAnIdentifier_FindTheSplitName()
    {
        var hits = await FulltextAsync("get user by id");

        Assert.Equal("Shop.Users.UserRepository.GetUserByIdAsync", hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task Fulltext_SettingNameInABody_FindsTheMember()
    {
        var hits = await FulltextAsync("shared_preload_libraries");

        Assert.Equal("Shop.Hosting.ClusterLauncher.Launch", Assert.Single(hits).Symbol.QualifiedName);
    }

    [Fact]
    public async Task Fulltext_PastedErrorMessage_FindsTheMemberThatContainsIt()
    {
        var hits = await FulltextAsync("error: the cluster did not answer within the timeout");

        Assert.Equal("Shop.Hosting.ClusterLauncher.Launch", hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task Fulltext_BodyWordsIgnored_WhenTheirWeightIsZero()
    {
        var options = FusionOptions.Default with { RankWeights = [0f, .. FusionOptions.Default.RankWeights[1..]] };
        var search = new SymbolSearchService(corpus.DataSource, corpus.Embedder, options);

        var hits = (await search.SearchAsync(new SearchRequest("shared_preload_libraries", SearchMode.Fulltext, RepositoryId: corpus.RepositoryId))).Hits;

        Assert.Equal(0, Assert.Single(hits).Score); // still matched (the words are in the vector), but ranked by nothing
    }

    [Fact]
    public async Task Fulltext_WholeIdentifier_FindsIt()
    {
        var hits = await FulltextAsync("GetUserByIdAsync");

        Assert.Equal("Shop.Users.UserRepository.GetUserByIdAsync", hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task Fulltext_NameMatch_RanksAboveDocMatch()
    {
        // "rent" is ConnectionPool.Rent's name and only a doc word of LeaseTracker.
        var hits = await FulltextAsync("rent");

        Assert.Equal(["Shop.Data.ConnectionPool.Rent", "Shop.Data.LeaseTracker"], hits.Select(h => h.Symbol.QualifiedName));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task Fulltext_Overloads_NotGrouped()
    {
        var hits = await FulltextAsync("deserialize");

        Assert.Equal(2, hits.Count(h => h.Symbol.QualifiedName == "Shop.Json.JsonSerializer.Deserialize"));
    }

    [Fact]
    public async Task Fulltext_SynonymOnly_FindsNothing()
    {
        // "combine" is only a synonym of Merge: full-text mode matches the query's own words.
        Assert.Empty(await FulltextAsync("combine"));
    }

    [Fact]
    public async Task Fulltext_Scores_NeverIncrease()
    {
        var hits = await FulltextAsync("json text object");

        Assert.True(hits.Count >= 3);
        Assert.All(hits.Zip(hits.Skip(1)), p => Assert.True(p.First.Score >= p.Second.Score));
    }
}
