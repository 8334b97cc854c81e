using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Without vectors (or without an embedder) search answers lexically and reports how many symbols await embedding.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class FallbackTests(SearchCorpus corpus)
{
    [Fact]
    public async Task NoVectors_Semantic_AnswersWithFulltextRanking()
    {
        var search = new SymbolSearchService(corpus.DataSource, corpus.Embedder);

        var response = await search.SearchAsync(new SearchRequest("deserializes json", SearchMode.Semantic, RepositoryId: corpus.UnembeddedRepositoryId));

        Assert.False(response.SemanticUsed);
        Assert.Equal(corpus.SymbolCount, response.PendingEmbeddings);
        Assert.Equal("Shop.Json.JsonSerializer.Deserialize", response.Hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task NoVectors_Hybrid_AnswersLexically()
    {
        var search = new SymbolSearchService(corpus.DataSource, corpus.Embedder);

        var response = await search.SearchAsync(new SearchRequest("deserializes json", RepositoryId: corpus.UnembeddedRepositoryId));

        Assert.False(response.SemanticUsed);
        Assert.Equal(corpus.SymbolCount, response.PendingEmbeddings);
        Assert.Equal(["Shop.Json.JsonSerializer.Deserialize", "Shop.Json.JsonSerializer"], response.Hits.Take(2).Select(h => h.Symbol.QualifiedName));
    }

    [Fact]
    public async Task NoEmbedder_EverySymbolPending_LexicalAnswer()
    {
        var search = new SymbolSearchService(corpus.DataSource);

        var response = await search.SearchAsync(new SearchRequest("user by id", RepositoryId: corpus.RepositoryId));

        Assert.False(response.SemanticUsed);
        Assert.Equal(corpus.SymbolCount, response.PendingEmbeddings);
        Assert.Equal(["Shop.Users.UserRepository.GetUserByIdAsync", "Shop.Users.UserRepository"], response.Hits.Take(2).Select(h => h.Symbol.QualifiedName));
    }

    [Fact]
    public async Task ExternalStoreReturnedNothing_LexicalAnswer()
    {
        var search = new SymbolSearchService(corpus.DataSource);

        var response = await search.SearchAsync(new SearchRequest("user by id", RepositoryId: corpus.RepositoryId), []);

        Assert.False(response.SemanticUsed);
        Assert.Contains(response.Hits, h => h.Symbol.QualifiedName == "Shop.Users.UserRepository.GetUserByIdAsync");
    }

    [Fact]
    public async Task AllEmbedded_NothingPending()
    {
        var search = new SymbolSearchService(corpus.DataSource, corpus.Embedder);

        var response = await search.SearchAsync(new SearchRequest("user by id", SearchMode.Exact, RepositoryId: corpus.RepositoryId));

        Assert.Equal(0, response.PendingEmbeddings);
    }
}
