using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Empty queries are refused with a user error; hostile text is data in every mode, never SQL or tsquery syntax.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class QueryInputTests(SearchCorpus corpus)
{
    private readonly SymbolSearchService _search = new(corpus.DataSource, corpus.Embedder);

    public static TheoryData<string, SearchMode> Hostile()
    {
        string[] texts =
        [
            "'; DROP TABLE code_symbols; --", "a & b | !c", "foo:* & (bar | !baz)", "(((", "!", "&", "|", ":*", "<->", "<2>",
            "%", "_", "%_%", "\\", "\"quoted\"", "' OR '1'='1", "$1", "@repo", "ä ö 漢字 🙂", "\0", new string('x', 5000), string.Join(' ', Enumerable.Repeat("user", 500)),
        ];
        var data = new TheoryData<string, SearchMode>();
        foreach (var text in texts)
        {
            foreach (var mode in Enum.GetValues<SearchMode>())
            {
                data.Add(text, mode);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public async Task Search_EmptyQuery_UserError(string text)
    {
        var error = await Assert.ThrowsAsync<UserInputException>(() => _search.SearchAsync(new SearchRequest(text, RepositoryId: corpus.RepositoryId)));

        Assert.Equal("empty_query", error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SearchRequest.MaxLimit + 1)]
    public void Request_LimitOutOfRange_UserError(int limit)
    {
        var error = Assert.Throws<UserInputException>(() => new SearchRequest("x", Limit: limit));

        Assert.Equal("invalid_limit", error.Code);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Search_HostileText_NoErrorAndSchemaIntact(string text, SearchMode mode)
    {
        if (text.Trim('\0').Length == 0)
        {
            text = "x\0y";
        }

        var response = await _search.SearchAsync(new SearchRequest(text, mode, RepositoryId: corpus.RepositoryId));

        Assert.NotNull(response.Hits);
        await using var count = corpus.DataSource.CreateCommand("SELECT count(*) FROM code_symbols");
        Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
    }

    [Fact]
    public async Task Search_OperatorsBetweenWords_TreatedAsSeparators()
    {
        var response = await _search.SearchAsync(new SearchRequest("user & !id | (by)", SearchMode.Fulltext, RepositoryId: corpus.RepositoryId));

        Assert.Equal("Shop.Users.UserRepository.GetUserByIdAsync", response.Hits[0].Symbol.QualifiedName);
    }

    [Fact]
    public async Task Search_LikeWildcards_MatchNothingSpecial()
    {
        var response = await _search.SearchAsync(new SearchRequest("%", SearchMode.Exact, RepositoryId: corpus.RepositoryId));

        Assert.Empty(response.Hits);
    }
}
