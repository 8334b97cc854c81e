using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Hybrid mode: fusion of lexical and semantic lists, overload groups, owning types, synonyms, graph boosts.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class HybridSearchTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    // Fusion order and owner insertion in isolation: owning types gain no share of their members' scores, and are inserted after a matching member.
    private readonly SymbolSearchService _noOwnerShare = new(corpus.DataSource, corpus.Embedder,
        FusionOptions.Default with { OwnerShare = 0, InsertOwnersWithin = int.MaxValue, InsertBestMemberWithin = 0 });

    // The full share: a type carries its best member's whole score.
    private readonly SymbolSearchService _fullOwnerShare = new(corpus.DataSource, corpus.Embedder, FusionOptions.Default with { OwnerShare = 1 });

    private SearchRequest Request(string text, int limit = 10) => new(text, Limit: limit, RepositoryId: corpus.RepositoryId);

    private static List<string> Names(SearchResponse response) => response.Hits.Select(h => h.Symbol.QualifiedName).ToList();

    [Fact]
    public async Task Hybrid_IsTheDefaultMode_AndUsesVectors()
    {
        var request = Request("read json text into a typed object");
        var response = await _search.SearchAsync(request);

        Assert.Equal(SearchMode.Hybrid, request.Mode);
        Assert.True(response.SemanticUsed);
        Assert.Equal("Shop.Json.JsonSerializer.Deserialize", Names(response)[0]);
        Assert.Equal("Shop.Json.JsonSerializer", Names(response)[1]); // the type carries a share of its best member's score
        Assert.Single(response.Hits, h => h.Symbol.QualifiedName == "Shop.Json.JsonSerializer.Deserialize");
    }

    [Fact]
    public async Task Hybrid_Overloads_OneEntryPerGroup()
    {
        var response = await _search.SearchAsync(Request("deserialize"));

        Assert.Single(response.Hits, h => h.Symbol.QualifiedName == "Shop.Json.JsonSerializer.Deserialize");
        Assert.Equal(Names(response).Count, Names(response).Distinct().Count());
    }

    [Fact]
    public async Task Hybrid_SymbolInBothLists_RanksAboveSymbolsInOne()
    {
        // Semantic list from another store: Resize first, Rent second. Lexical: only Rent (name) and LeaseTracker (doc) match "rent".
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Media.ImageResizer.Resize"), 0.9), (corpus.Id("Shop.Data.ConnectionPool.Rent"), 0.8) };

        var response = await _noOwnerShare.SearchAsync(Request("rent"), semantic);

        Assert.True(response.SemanticUsed);
        Assert.Equal("Shop.Data.ConnectionPool.Rent", Names(response)[0]);
        Assert.True(Names(response).IndexOf("Shop.Media.ImageResizer.Resize") > 0);
        Assert.All(response.Hits.Zip(response.Hits.Skip(1)), p => Assert.True(p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task Hybrid_MatchingMember_OwningTypeInsertedRightAfter()
    {
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Data.ConnectionPool.Rent"), 0.9) };

        var response = await _noOwnerShare.SearchAsync(Request("rent"), semantic);

        Assert.Equal(["Shop.Data.ConnectionPool.Rent", "Shop.Data.ConnectionPool", "Shop.Data.LeaseTracker"], Names(response));
        Assert.Equal(response.Hits[0].Score, response.Hits[1].Score);
    }

    [Fact]
    public async Task Hybrid_MatchingMember_OwningTypeWithFullShareLeads_MemberRightAfter()
    {
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Data.ConnectionPool.Rent"), 0.9) };

        var response = await _fullOwnerShare.SearchAsync(Request("rent"), semantic);

        Assert.Equal(["Shop.Data.ConnectionPool", "Shop.Data.ConnectionPool.Rent", "Shop.Data.LeaseTracker"], Names(response));
    }

    [Fact]
    public async Task Hybrid_MatchingMember_Defaults_MemberLeadsItsTypeFollows()
    {
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Data.ConnectionPool.Rent"), 0.9) };

        var response = await _search.SearchAsync(Request("rent"), semantic);

        Assert.Equal(["Shop.Data.ConnectionPool.Rent", "Shop.Data.ConnectionPool", "Shop.Data.LeaseTracker"], Names(response));
    }

    [Fact]
    public async Task Hybrid_OwningTypeAlreadyListed_NotRepeated()
    {
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Json.NullValueHandling"), 0.9), (corpus.Id("Shop.Json.NullValueHandling.Ignore"), 0.8) };

        var response = await _noOwnerShare.SearchAsync(Request("ignore"), semantic);

        Assert.Equal("Shop.Json.NullValueHandling.Ignore", Names(response)[0]);
        Assert.Equal("Shop.Json.NullValueHandling", Names(response)[1]);
        Assert.Single(response.Hits, h => h.Symbol.QualifiedName == "Shop.Json.NullValueHandling");
    }

    [Fact]
    public async Task Hybrid_Synonym_FindsMergeForCombine()
    {
        var lexicalOnly = new SymbolSearchService(corpus.DataSource);

        var response = await lexicalOnly.SearchAsync(Request("combine two records"));

        Assert.False(response.SemanticUsed);
        Assert.Equal("Shop.Data.RecordMerger.Merge", Names(response)[0]);
        Assert.Contains("Shop.Data.RecordMerger", Names(response).Take(3));
    }

    [Fact]
    public async Task Hybrid_PhraseSynonym_LeaveOutFindsIgnore()
    {
        var lexicalOnly = new SymbolSearchService(corpus.DataSource);

        var response = await lexicalOnly.SearchAsync(Request("leave out nulls", limit: 3));

        Assert.Contains("Shop.Json.NullValueHandling.Ignore", Names(response));
    }

    [Fact]
    public async Task Hybrid_ExactName_RanksFirst()
    {
        var response = await _search.SearchAsync(Request("ConnectionPool"));

        Assert.Equal("Shop.Data.ConnectionPool", Names(response)[0]);
    }

    [Fact]
    public async Task Hybrid_Limit_CutsTheList()
    {
        var response = await _search.SearchAsync(Request("json", limit: 2));

        Assert.Equal(2, response.Hits.Count);
    }
}
