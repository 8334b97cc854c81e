using CodeIndex.Core.Text;
using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>The SQL identifier splitter behind <c>search_vector</c> and the C# one applied to queries agree.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class IdentifierWordsSqlTests(SearchCorpus corpus)
{
    [Theory]
    [InlineData("GetUserByIdAsync", "get user by id async")]
    [InlineData("GetHTTPClient2_async", "get http client 2 async")]
    [InlineData("XMLHttpRequest", "xml http request")]
    [InlineData("Utf8Json", "utf 8 json")]
    [InlineData("Vector2D", "vector 2 d")]
    [InlineData("get_Value", "get value")]
    [InlineData("this[]", "this")]
    [InlineData("Repository<T>.Add", "repository t add")]
    [InlineData("aBcDeF", "a bc de f")]
    public async Task Sql_And_CSharp_SplitAlike(string identifier, string expected)
    {
        await using var command = corpus.DataSource.CreateCommand("SELECT codeindex_identifier_words(@i)");
        command.Parameters.AddWithValue("i", identifier);

        var sql = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(expected, sql);
        Assert.Equal(expected, string.Join(' ', IdentifierSplitter.Words(identifier)));
    }

    [Fact]
    public async Task SearchVector_UpdatedWithTheRow()
    {
        var builder = await CorpusBuilder.CreateAsync(corpus.DataSource);
        var id = await builder.TypeAsync("X.Y.WidgetFactory", "Makes widgets.");
        await using (var update = corpus.DataSource.CreateCommand("UPDATE code_symbols SET name = 'GadgetFactory', qualified_name = 'X.Y.GadgetFactory' WHERE id = @id"))
        {
            update.Parameters.AddWithValue("id", id);
            await update.ExecuteNonQueryAsync();
        }

        var search = new SymbolSearchService(corpus.DataSource);
        var hits = (await search.SearchAsync(new SearchRequest("gadget", SearchMode.Fulltext, RepositoryId: builder.RepositoryId))).Hits;

        Assert.Equal(["X.Y.GadgetFactory"], hits.Select(h => h.Symbol.QualifiedName));
    }
}
