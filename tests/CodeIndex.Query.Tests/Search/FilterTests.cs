using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Kind, project and path-prefix filters apply in every mode (and to inserted owning types).</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class FilterTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    public static TheoryData<SearchMode> Modes => [SearchMode.Exact, SearchMode.Fulltext, SearchMode.Semantic, SearchMode.Hybrid];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filter_Kind_KeepsOnlyThatKind(SearchMode mode)
    {
        var text = mode == SearchMode.Exact ? "Rent" : "take a connection from the pool rent";
        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.RepositoryId, Kinds: ["method"]));

        Assert.NotEmpty(response.Hits);
        Assert.All(response.Hits, h => Assert.Equal("method", h.Symbol.Kind));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filter_Project_KeepsOnlyThatProject(SearchMode mode)
    {
        var text = mode == SearchMode.Exact ? "Rent" : "connection";
        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.RepositoryId, Project: "Data"));

        Assert.NotEmpty(response.Hits);
        Assert.All(response.Hits, h => Assert.Equal("Data", h.Symbol.Project));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filter_PathPrefix_KeepsOnlyFilesBelow(SearchMode mode)
    {
        var text = mode == SearchMode.Exact ? "LeaseTracker" : "connection";
        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.RepositoryId, PathPrefix: "./src/Data/Lease"));

        Assert.NotEmpty(response.Hits);
        Assert.All(response.Hits, h => Assert.StartsWith("src/Data/Lease", h.Symbol.FilePath, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filter_Repository_KeepsOnlyThatRepository(SearchMode mode)
    {
        var text = mode == SearchMode.Exact ? "Rent" : "connection";
        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.UnembeddedRepositoryId));

        Assert.NotEmpty(response.Hits);
        Assert.All(response.Hits, h => Assert.Equal(corpus.UnembeddedRepositoryId, h.Symbol.RepositoryId));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Filter_KindSpelledDifferently_SameAsStored(SearchMode mode)
    {
        var text = mode == SearchMode.Exact ? "Rent" : "take a connection from the pool rent";
        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.RepositoryId, Kinds: [" Method "]));

        Assert.NotEmpty(response.Hits);
        Assert.All(response.Hits, h => Assert.Equal("method", h.Symbol.Kind));
    }

    [Fact]
    public async Task Filter_KindExcludesOwner_OwnerNotInserted()
    {
        var semantic = new List<(long, double)> { (corpus.Id("Shop.Data.ConnectionPool.Rent"), 0.9) };

        var response = await _search.SearchAsync(new SearchRequest("rent", RepositoryId: corpus.RepositoryId, Kinds: ["method"]), semantic);

        Assert.Equal(["Shop.Data.ConnectionPool.Rent"], response.Hits.Select(h => h.Symbol.QualifiedName));
    }
}
