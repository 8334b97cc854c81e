using CodeIndex.Query.Tests.Search.Support;
using CodeIndex.Vectors.Pipeline;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Hybrid search puts product code before tests that use the same words; members of anonymous types are never results.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class SupportCodeSearchTests(SearchCorpus corpus) : IAsyncLifetime
{
    private CorpusBuilder _repo = null!;

    public async Task InitializeAsync()
    {
        _repo = await CorpusBuilder.CreateAsync(corpus.DataSource);
        var policy = await _repo.TypeAsync("Billing.RetryPolicy", "Retries failed HTTP calls with exponential backoff.", project: "Billing");
        await _repo.MemberAsync(policy, "Billing.RetryPolicy.ExecuteAsync", "Sends the HTTP call and retries it while it fails.", project: "Billing");
        var tests = await _repo.TypeAsync("Billing.Tests.RetryPolicyTests", "",
            project: "Billing.Tests", file: "tests/Billing.Tests/RetryPolicyTests.cs");
        await _repo.MemberAsync(tests, "Billing.Tests.RetryPolicyTests.RetriesFailedHttpCallsWithBackoff", "Retries failed HTTP calls with backoff.",
            project: "Billing.Tests", file: "tests/Billing.Tests/RetryPolicyTests.cs");
        await _repo.MemberAsync(policy, "<anonymous type: int retries, string http>.retries", "", kind: "property", project: "Billing", file: "src/Billing/RetryPolicy.cs");
        var run = await new EmbeddingPipeline(corpus.DataSource, corpus.Embedder).RunAsync(_repo.RepositoryId);
        Assert.Equal(0, run.Pending);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Hybrid_ProductTypeBeforeTestsWithTheSameWords()
    {
        var response = await new SymbolSearchService(corpus.DataSource, corpus.Embedder).SearchAsync(new SearchRequest("retry failed http calls", RepositoryId: _repo.RepositoryId));
        var names = response.Hits.Select(h => h.Symbol.QualifiedName).ToList();

        Assert.True(response.SemanticUsed);
        Assert.True(names[0] == "Billing.RetryPolicy", string.Join(", ", response.Hits.Select(h => $"{h.Symbol.QualifiedName} {h.Score:F4}")));
        Assert.Contains("Billing.Tests.RetryPolicyTests", names); // demoted, not dropped
    }

    [Fact]
    public async Task Hybrid_Demotion_HalvesTestCodeScores_ProductUnchanged()
    {
        var request = new SearchRequest("retry failed http calls", RepositoryId: _repo.RepositoryId);
        var demoted = await new SymbolSearchService(corpus.DataSource, corpus.Embedder).SearchAsync(request);
        var plain = await new SymbolSearchService(corpus.DataSource, corpus.Embedder, FusionOptions.Default with { SupportCodeFactor = 1 }).SearchAsync(request);
        double Score(SearchResponse r, string name) => r.Hits.Single(h => h.Symbol.QualifiedName == name).Score;

        Assert.Equal(0.5 * Score(plain, "Billing.Tests.RetryPolicyTests"), Score(demoted, "Billing.Tests.RetryPolicyTests"), 9);
        Assert.Equal(0.5 * Score(plain, "Billing.Tests.RetryPolicyTests.RetriesFailedHttpCallsWithBackoff"),
            Score(demoted, "Billing.Tests.RetryPolicyTests.RetriesFailedHttpCallsWithBackoff"), 9);
        Assert.Equal(Score(plain, "Billing.RetryPolicy"), Score(demoted, "Billing.RetryPolicy"), 9);
    }

    [Theory]
    [InlineData(SearchMode.Exact, "retries")]
    [InlineData(SearchMode.Fulltext, "retries http")]
    [InlineData(SearchMode.Semantic, "retries http")]
    [InlineData(SearchMode.Hybrid, "retries")]
    public async Task AnonymousTypeMembers_NeverResults(SearchMode mode, string text)
    {
        var response = await new SymbolSearchService(corpus.DataSource, corpus.Embedder).SearchAsync(new SearchRequest(text, mode, Limit: 50, RepositoryId: _repo.RepositoryId));

        Assert.DoesNotContain(response.Hits, h => h.Symbol.QualifiedName.StartsWith('<'));
    }
}
