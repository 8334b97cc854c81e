using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Exact mode: case-insensitive equality on the short or the qualified name, nothing else.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class ExactSearchTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    [Theory]
    [InlineData("jsonserializer")]
    [InlineData("JSONSERIALIZER")]
    [InlineData("shop.json.JsonSerializer")]
    public async Task Exact_AnyCase_FindsTheType(string text)
    {
        var response = await _search.SearchAsync(new SearchRequest(text, SearchMode.Exact, RepositoryId: corpus.RepositoryId));

        var hit = Assert.Single(response.Hits);
        Assert.Equal("Shop.Json.JsonSerializer", hit.Symbol.QualifiedName);
        Assert.Equal(1.0, hit.Score);
    }

    [Fact]
    public async Task Exact_Overloads_AllListed()
    {
        var response = await _search.SearchAsync(new SearchRequest("deserialize", SearchMode.Exact, RepositoryId: corpus.RepositoryId));

        Assert.Equal(2, response.Hits.Count);
        Assert.All(response.Hits, h => Assert.Equal("Shop.Json.JsonSerializer.Deserialize", h.Symbol.QualifiedName));
    }

    [Theory]
    [InlineData("deserializes")]
    [InlineData("Json")]
    [InlineData("Serializ")]
    public async Task Exact_NotEqual_FindsNothing(string text)
    {
        var response = await _search.SearchAsync(new SearchRequest(text, SearchMode.Exact, RepositoryId: corpus.RepositoryId));

        Assert.Empty(response.Hits);
    }
}
