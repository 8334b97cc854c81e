using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Semantic mode with real USE-lite vectors: questions sharing no word with the answer still rank it first.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class SemanticSearchTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    [Theory]
    [InlineData("how hot is it in american units", "Shop.Units.TemperatureConverter")]
    [InlineData("mail a message to somebody", "Shop.Notifications.EmailSender")]
    [InlineData("make a photo smaller", "Shop.Media.ImageResizer")]
    public async Task Semantic_Paraphrase_RanksTheRelatedSymbolFirst(string question, string typeOrMember)
    {
        var response = await _search.SearchAsync(new SearchRequest(question, SearchMode.Semantic, RepositoryId: corpus.RepositoryId));

        Assert.True(response.SemanticUsed);
        Assert.Equal(0, response.PendingEmbeddings);
        Assert.StartsWith(typeOrMember, response.Hits[0].Symbol.QualifiedName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semantic_Scores_AreDescendingSimilarities()
    {
        var response = await _search.SearchAsync(new SearchRequest("temperature", SearchMode.Semantic, Limit: 5, RepositoryId: corpus.RepositoryId));

        Assert.Equal(5, response.Hits.Count);
        Assert.All(response.Hits, h => Assert.InRange(h.Score, -1.0, 1.0));
        Assert.All(response.Hits.Zip(response.Hits.Skip(1)), p => Assert.True(p.First.Score >= p.Second.Score));
    }
}
